using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Infrastructure.Audit;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>No foreign key to referrals: the trail outlives whatever it describes.</summary>
internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.ClientId).HasMaxLength(Stamp.ActorMaxLength);
        builder.Property(e => e.Subject).HasMaxLength(Stamp.ActorMaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(e => e.CorrelationId).HasMaxLength(AuditEntry.CorrelationIdMaxLength);
        builder.HasIndex(e => e.ReferralId);
        builder.HasIndex(e => e.OccurredAt);
    }
}
