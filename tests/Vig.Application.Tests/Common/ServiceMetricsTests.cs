using System.Diagnostics.Metrics;
using Vig.Application.Common;

namespace Vig.Application.Tests.Common;

/// <summary>
/// What each of the service's own instruments measures, as a metrics pipeline sees it (a
/// MeterListener on a meter of the test's own): names, units, tags and values that dashboards and
/// alerts read (docs/operations.md, Telemetry).
/// </summary>
public sealed class ServiceMetricsTests : IDisposable
{
    private readonly Meter _meter = new("Vig.Tests." + Guid.NewGuid().ToString("N"));
    private readonly MeterListener _listener = new();
    private readonly List<Measured> _measured = [];

    public ServiceMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void Transition_CountsOneByItsAuditAction()
    {
        new ServiceMetrics(_meter).Transition("referral.accept");

        var measured = Assert.Single(_measured);
        Assert.Equal(new Measured("vig.referral.transitions", "{transition}", 1, "transition=referral.accept"), measured with { Description = null });
        Assert.False(string.IsNullOrWhiteSpace(measured.Description));
    }

    [Fact]
    public void WebhookDelivery_CountsOneByItsOutcome()
    {
        new ServiceMetrics(_meter).WebhookDelivery("dead");

        var measured = Assert.Single(_measured);
        Assert.Equal(new Measured("vig.webhook.deliveries", "{attempt}", 1, "outcome=dead"), measured with { Description = null });
        Assert.False(string.IsNullOrWhiteSpace(measured.Description));
    }

    [Fact]
    public void WebhookQueueAge_RecordsSeconds_AndNeverLessThanNothing()
    {
        var metrics = new ServiceMetrics(_meter);
        metrics.WebhookQueueAge(TimeSpan.FromMilliseconds(2500));
        metrics.WebhookQueueAge(TimeSpan.FromSeconds(-3)); // due a moment after the claim's clock read: not waiting

        Assert.Equal([2.5, 0], _measured.Select(m => m.Value));
        Assert.All(_measured, m => Assert.Equal(("vig.webhook.queue_age", "s", ""), (m.Instrument, m.Unit, m.Tags)));
        Assert.False(string.IsNullOrWhiteSpace(_measured[0].Description));
    }

    [Fact]
    public void RateLimitRefusal_CountsOneByClient()
    {
        new ServiceMetrics(_meter).RateLimitRefusal("case-system-01");

        var measured = Assert.Single(_measured);
        Assert.Equal(new Measured("vig.rate_limit.refusals", "{request}", 1, "client=case-system-01"), measured with { Description = null });
        Assert.False(string.IsNullOrWhiteSpace(measured.Description));
    }

    [Fact]
    public void RateLimitSharedCountFailed_CountsOneWithoutTags()
    {
        new ServiceMetrics(_meter).RateLimitSharedCountFailed();

        var measured = Assert.Single(_measured);
        Assert.Equal(new Measured("vig.rate_limit.shared_count_failures", "{failure}", 1, ""), measured with { Description = null });
        Assert.False(string.IsNullOrWhiteSpace(measured.Description));
    }

    [Fact]
    public void ANullMeter_IsRefused() => Assert.Throws<ArgumentNullException>(() => new ServiceMetrics(null!));

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (_measured)
        {
            _measured.Add(new Measured(instrument.Name, instrument.Unit, value, text, instrument.Description));
        }
    }

    private sealed record Measured(string Instrument, string? Unit, double Value, string Tags, string? Description = null);
}
