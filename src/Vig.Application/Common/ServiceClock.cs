using Vig.Domain.Common;

namespace Vig.Application.Common;

/// <summary>
/// The service's time: the instant from <see cref="TimeProvider"/>, and the calendar day in the
/// council's time zone (ages and decisions are counted in days there, not in UTC).
/// </summary>
public sealed class ServiceClock
{
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly ICurrentClient _client;

    public ServiceClock(TimeProvider time, TimeZoneInfo zone, ICurrentClient client)
    {
        _time = time;
        _zone = zone;
        _client = client;
    }

    public DateOnly Today => Stamp().On;

    /// <summary>Now, by the calling client, to the microsecond (as PostgreSQL stores it, so a change reads back exactly).</summary>
    public Stamp Stamp()
    {
        var now = _time.GetUtcNow();
        var at = now.AddTicks(-(now.Ticks % 10));
        return new Stamp(_client.ClientId, at, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime));
    }
}
