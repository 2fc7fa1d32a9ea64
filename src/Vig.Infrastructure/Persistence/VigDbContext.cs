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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigDbContext).Assembly);
    }
}
