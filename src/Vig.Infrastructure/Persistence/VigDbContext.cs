using Microsoft.EntityFrameworkCore;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

public sealed class VigDbContext : DbContext
{
    public VigDbContext(DbContextOptions<VigDbContext> options)
        : base(options)
    {
    }

    public DbSet<ConcernCategory> ConcernCategories => Set<ConcernCategory>();

    public DbSet<DeclineReason> DeclineReasons => Set<DeclineReason>();

    public DbSet<Referral> Referrals => Set<Referral>();

    /// <summary>Referral numbers come from this sequence, shared by every API instance.</summary>
    public const string ReferralNumberSequence = "referral_number";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasSequence<long>(ReferralNumberSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigDbContext).Assembly);
    }
}
