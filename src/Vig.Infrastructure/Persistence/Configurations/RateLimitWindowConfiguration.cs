using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Common;
using Vig.Infrastructure.RateLimits;

namespace Vig.Infrastructure.Persistence.Configurations;

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        builder.ToTable("rate_limit_windows");
        builder.IsUnlogged();
        builder.HasKey(w => new { w.Client, w.WindowStart });
        builder.Property(w => w.Client).HasMaxLength(Stamp.ActorMaxLength);
    }
}
