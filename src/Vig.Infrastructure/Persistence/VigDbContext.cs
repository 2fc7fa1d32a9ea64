using Microsoft.EntityFrameworkCore;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Reports;

namespace Vig.Infrastructure.Persistence;

public sealed class VigDbContext(DbContextOptions<VigDbContext> options) : DbContext(options)
{
    public DbSet<ConcernCategory> ConcernCategories => Set<ConcernCategory>();

    public DbSet<DeclineReason> DeclineReasons => Set<DeclineReason>();

    public DbSet<Referral> Referrals => Set<Referral>();

    // The lease of this (pooled) context in which a save was last attempted.
    private int? _saveLease;

    /// <summary>
    /// True once the current request has tried to save: from then on a failure may have left a
    /// write behind, so the request must not simply run again.
    /// </summary>
    public bool HasTriedToSave => _saveLease == ContextId.Lease;

    // Rows a request only appends (audit entries, events) wait here untracked until its save, which
    // writes them whichever way it saves. The context is pooled: they belong to the lease that added them.
    private readonly List<object> _appended = [];
    private int? _appendLease;

    /// <summary>Adds an audit entry or an event to this request's unit of work: its next save writes it with the change.</summary>
    public void Append(object row) => Appended().Add(row);

    /// <summary>Forgets what this request added or changed and has not saved (before a retry, after a rollback).</summary>
    public void Forget()
    {
        ChangeTracker.Clear();
        Appended().Clear();
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        _saveLease = ContextId.Lease;
        var appended = Appended();
        AddRange(appended);
        appended.Clear();
        ListPosition.Record(this);
        ReportRowKeeper.BeforeSave(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Saves a new referral, with its report row and count changes (ADR 0021) and the rows this request
    /// appended (its audit entry, its event), as one
    /// command of INSERTs (<see cref="NewRows"/>, ADR 0020): nothing of it is tracked. A change to
    /// tracked rows in the same request is a bug: changes go through
    /// <see cref="SaveChangesAsync(bool, CancellationToken)"/>.
    /// </summary>
    public async Task InsertNewAsync(Referral created, CancellationToken cancellationToken)
    {
        _saveLease = ContextId.Lease;
        if (ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("A new referral is saved alone with its audit entry and event; this request also changed tracked rows.");
        }

        var appended = Appended();
        await NewRows.InsertAsync(this, [created, .. ReportRowKeeper.RowsOfNew(created), .. appended], cancellationToken);
        appended.Clear();
    }

    private List<object> Appended()
    {
        if (_appendLease != ContextId.Lease)
        {
            _appended.Clear();
            _appendLease = ContextId.Lease;
        }

        return _appended;
    }

    /// <summary>Referral numbers come from this sequence, shared by every API instance.</summary>
    public const string ReferralNumberSequence = "referral_number";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasSequence<long>(ReferralNumberSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigDbContext).Assembly);
    }
}
