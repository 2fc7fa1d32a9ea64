namespace Vig.Infrastructure.Webhooks;

/// <summary>Webhook settings (README, Configuration; docs/decisions/0019).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The AES-256 key (base64 of 32 bytes) that protects stored signing secrets. Without it (or
    /// <see cref="SecretKeyFile"/>) the service takes no subscriptions and delivers nothing.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>A file holding <see cref="SecretKey"/>, created (owner-only) on first use: for Development.</summary>
    public string? SecretKeyFile { get; set; }

    /// <summary>Allow http:// URLs on loopback hosts (Development only).</summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>Allow URLs resolving to private, loopback or link-local addresses (Development only).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Run the dispatcher in this instance.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the first retry; each later one doubles, up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long an event is retried before it becomes a dead letter; a subscription failing that long is disabled.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(26);

    /// <summary>How often an idle dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts one dispatcher has in flight at most, across all subscriptions.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// Attempts one dispatcher has in flight at most for one client's subscriptions, and for one
    /// subscription: a slow or dead receiver holds only its own client's share of the slots, so the
    /// other clients' deliveries go on.
    /// </summary>
    public int MaxInFlightPerClient { get; set; } = 16;

    /// <inheritdoc cref="MaxInFlightPerClient"/>
    public int MaxInFlightPerSubscription { get; set; } = 4;
}
