using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Infrastructure.Idempotency;

namespace Vig.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.ClientId, r.Key });
        builder.Property(r => r.ClientId).HasMaxLength(Stamp.ActorMaxLength);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyOptions.MaxKeyLength);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.Property(r => r.ResponseContentType).HasMaxLength(200);
        builder.Property(r => r.ResponseLocation).HasMaxLength(400);
        builder.Property(r => r.ResponseEtag).HasMaxLength(64);
        builder.Property(r => r.ResponseBody).UseCompressionMethod(ReferralConfiguration.LargeValueCompression);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
