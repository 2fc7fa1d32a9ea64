using Vig.Domain.Common;

namespace Vig.Application.Common;

/// <summary>
/// The service's time: the instant from <see cref="TimeProvider"/>, and the calendar day in the
/// council's time zone (ages and decisions are counted in days there, not in UTC).
/// </summary>
public sealed class ServiceClock(ServiceCalendar calendar, ICurrentClient client)
{
    private readonly ServiceCalendar _calendar = calendar;
    private readonly ICurrentClient _client = client;
    private DateTimeOffset? _now;

    /// <summary>
    /// The request's instant, read from the clock once (this is scoped to the request): validation,
    /// the change and the answer all see the same moment and the same day.
    /// </summary>
    public DateTimeOffset Now => _now ??= _calendar.Now;

    public DateOnly Today => _calendar.DayOf(Now);

    /// <summary>Now, by the calling client, to the microsecond (as PostgreSQL stores it, so a change reads back exactly).</summary>
    public Stamp Stamp() => new(_client.ClientId, Now, Today);
}

/// <summary>
/// The service's time without a caller: singletons such as validators ask it for today's date
/// (the calendar day in the council's time zone), so "not in the future" means the same day
/// everywhere.
/// </summary>
public sealed class ServiceCalendar(TimeProvider time, TimeZoneInfo zone)
{
    private readonly TimeProvider _time = time;
    private readonly TimeZoneInfo _zone = zone;

    /// <summary>Now, to the microsecond (as PostgreSQL stores it).</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = _time.GetUtcNow();
            return now.AddTicks(-(now.Ticks % 10));
        }
    }

    public DateOnly Today => DayOf(Now);

    /// <summary>The council's calendar day at <paramref name="instant"/>.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);
}
