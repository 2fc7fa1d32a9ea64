using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Application.Webhooks;
using Vig.Domain.Common;
using Vig.Infrastructure.Webhooks;

namespace Vig.Infrastructure.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ClientId).HasMaxLength(Stamp.ActorMaxLength);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscriptionView.UrlMaxLength);
        builder.Property(s => s.DisabledReason).HasMaxLength(WebhookSubscriptionView.DisabledReasonMaxLength);
        builder.HasIndex(s => s.ClientId);
    }
}

/// <summary>Deliveries go with their subscription; the claim reads pending ones by next attempt.</summary>
internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.State).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(DeadLetter.LastErrorMaxLength);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.NextAttemptAt, d.Id }).HasFilter("state = 'pending'");
        builder.HasIndex(d => new { d.SubscriptionId, d.State });
    }
}
