using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Reports;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// The unit of work of one request. A change runs in one explicit transaction: the request's own
/// (<see cref="BeginAsync"/>, committed by <see cref="SaveAsync"/>), or a keyed request's, which the
/// idempotency store opened and commits with the stored answer (ADR 0008). Until the COMMIT is sent,
/// a lost connection leaves nothing behind, so the request can run again (ADR 0023).
/// </summary>
public sealed class VigDbContext(DbContextOptions<VigDbContext> options) : DbContext(options)
{
    /// <summary>Referral numbers come from this sequence, shared by every API instance.</summary>
    public const string ReferralNumberSequence = "referral_number";

    // The context is pooled: what it holds about a request belongs to the lease that set it.
    private IDbContextTransaction? _own;
    private int? _ownLease;
    private int? _commitLease;
    private AuditedRead? _auditedRead;
    private int? _auditedReadLease;

    public DbSet<ConcernCategory> ConcernCategories => Set<ConcernCategory>();

    public DbSet<DeclineReason> DeclineReasons => Set<DeclineReason>();

    public DbSet<Referral> Referrals => Set<Referral>();

    /// <summary>True once this request has sent a COMMIT: from then on a failure may have left its write behind.</summary>
    public bool HasTriedToCommit => _commitLease == ContextId.Lease;

    /// <summary>True while the request runs in a transaction it did not begin here: a keyed request's.</summary>
    public bool InRequestTransaction => Database.CurrentTransaction is { } transaction && transaction != Own;

    private IDbContextTransaction? Own => _ownLease == ContextId.Lease && Database.CurrentTransaction == _own ? _own : null;

    /// <summary>Opens the request's transaction, unless it runs in one already. BEGIN goes out with the next statement.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            return;
        }

        // A failed save ends the request and its transaction whole, so EF Core's savepoint around
        // each save (two more statements) would protect nothing.
        Database.AutoSavepointsEnabled = false;
        _own = await Database.BeginTransactionAsync(cancellationToken);
        _ownLease = ContextId.Lease;
    }

    /// <summary>Saves the request's changes, and commits them if the transaction is the request's own.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await SaveChangesAsync(cancellationToken);
        if (Own is { } own)
        {
            _commitLease = ContextId.Lease;
            await own.CommitAsync(cancellationToken);
            await own.DisposeAsync();
            _own = null;
        }
    }

    /// <summary>Every save also brings the report rows of the referrals it writes up to date (ADR 0021).</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ReportRowKeeper.BeforeSave(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Forgets what this request loaded or changed, and rolls back its own transaction (before a retry, after a rollback).</summary>
    public void Forget()
    {
        ChangeTracker.Clear();
        if (Own is { } own)
        {
            _own = null;
            try
            {
                own.Dispose();
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
            {
                // The server rolls back an open transaction whose connection is gone.
            }
        }
    }

    /// <summary>The next query tagged <see cref="StatementTags.AuditedRead"/> writes this audit record in its own statement.</summary>
    internal void AuditNextRead(AuditedRead read)
    {
        _auditedRead = read;
        _auditedReadLease = ContextId.Lease;
    }

    internal AuditedRead? TakeAuditedRead()
    {
        var read = _auditedReadLease == ContextId.Lease ? _auditedRead : null;
        _auditedRead = null;
        return read;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasSequence<long>(ReferralNumberSequence);

        // Never null for a name in fact; said so, EF Core compares it plainly, and a NULL equals nothing (ADR 0030).
        modelBuilder.HasDbFunction(() => ChildMatching.MatchNameOf(default!)).HasName(ChildMatching.Function).IsNullable(false);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigDbContext).Assembly);
    }
}
