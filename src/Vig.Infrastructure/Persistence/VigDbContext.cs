using Microsoft.EntityFrameworkCore;
using Vig.Domain.Referrals;

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

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        _saveLease = ContextId.Lease;
        ListPosition.Record(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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
