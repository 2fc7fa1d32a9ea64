using System.Diagnostics.Metrics;

namespace Vig.Application.Common;

/// <summary>
/// The service's own meter, read by dashboards and alerts (docs/operations.md, Telemetry). Tags
/// hold only bounded codes (an audit action, an outcome, a client id): never a referral's data.
/// The meter comes from the host's IMeterFactory (ApiSetup), so each host, a test's too, has its own.
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "Vig";

    private readonly Counter<long> _transitions;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookQueueAge;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Counter<long> _rateLimitSharedCountFailures;

    public ServiceMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _transitions = meter.CreateCounter<long>(
            "vig.referral.transitions", "{transition}", "Referral changes committed, by audit action (referral.accept, referral.decline, consent.record, ...).");
        _webhookDeliveries = meter.CreateCounter<long>(
            "vig.webhook.deliveries", "{attempt}", "Webhook delivery attempts by outcome: delivered, retry (tried again later), dead (a dead letter) or dropped (the delivery or its subscription was ended meanwhile).");
        _webhookQueueAge = meter.CreateHistogram(
            "vig.webhook.queue_age",
            "s",
            "How long a due webhook delivery waited before the dispatcher took it: grows when dispatchers fall behind.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600] });
        _rateLimitRefusals = meter.CreateCounter<long>(
            "vig.rate_limit.refusals", "{request}", "Requests refused 429 by the per-client rate limit, by client id (anonymous when no token).");
        _rateLimitSharedCountFailures = meter.CreateCounter<long>(
            "vig.rate_limit.shared_count_failures", "{failure}", "Times the rate limit's shared count in PostgreSQL could not be reached; each starts 10 s in which every instance counts on its own.");
    }

    /// <summary>A change of a referral was committed; <paramref name="action"/> is its audit action code.</summary>
    public void Transition(string action) => _transitions.Add(1, new KeyValuePair<string, object?>("transition", action));

    /// <summary>A webhook attempt ended: delivered, retry, dead or dropped.</summary>
    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A due delivery was claimed <paramref name="waited"/> after it became due.</summary>
    public void WebhookQueueAge(TimeSpan waited) => _webhookQueueAge.Record(Math.Max(0, waited.TotalSeconds));

    /// <summary>A request was refused by the rate limiter.</summary>
    public void RateLimitRefusal(string client) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("client", client));

    /// <summary>The shared rate-limit count could not be reached; instances count on their own for a while.</summary>
    public void RateLimitSharedCountFailed() => _rateLimitSharedCountFailures.Add(1);
}
