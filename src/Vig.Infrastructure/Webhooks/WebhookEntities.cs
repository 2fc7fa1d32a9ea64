namespace Vig.Infrastructure.Webhooks;

/// <summary>A row of webhook_subscriptions. The secret is stored encrypted (<see cref="SecretProtector"/>).</summary>
internal sealed class WebhookSubscription
{
    public Guid Id { get; init; }

    public required string ClientId { get; init; }

    public required string Url { get; init; }

    public required string[] EventTypes { get; init; }

    public bool AllReferrals { get; init; }

    public required byte[] SecretCipher { get; init; }

    public bool Active { get; set; }

    public string? DisabledReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; set; }
}

/// <summary>
/// A row of webhook_deliveries: one event for one subscription, queued by a trigger on
/// referral_events in the change's transaction. State: pending, delivered or dead.
/// </summary>
internal sealed class WebhookDelivery
{
    public long Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public Guid EventId { get; init; }

    public long EventPosition { get; init; }

    public required string State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The start of the retry window: when the event was queued, or replayed.</summary>
    public DateTimeOffset WindowStart { get; set; }

    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
