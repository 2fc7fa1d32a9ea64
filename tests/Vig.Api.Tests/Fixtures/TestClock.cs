using System.Diagnostics;
using System.Globalization;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// The API's clock in the HTTP tests. Each test starts it at <see cref="Start"/>, whatever the real
/// date, and it runs on from there at real speed (so changes in a test still happen one after the
/// other), unless the test stops it or sets it. Every date a test sends is worked out from it
/// (<see cref="Today"/>), never from the real calendar. Only the service reads it: access tokens
/// are minted and checked against the real clock, so they stay valid whatever this one says.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>
    /// Where each test starts: noon in London in winter (UTC and London agree), after the dates
    /// the Swagger examples carry (a consent given 2026-11-10, a child born 2020-06-15).
    /// </summary>
    public static readonly DateTimeOffset Start = new(2027, 1, 14, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private DateTimeOffset _origin = Start;
    private long _startedAt = Stopwatch.GetTimestamp();
    private DateTimeOffset? _frozenAt;

    public override DateTimeOffset GetUtcNow() => _frozenAt ?? _origin + Stopwatch.GetElapsedTime(_startedAt);

    /// <summary>The service's calendar day (Europe/London) now.</summary>
    public DateOnly Today => DayOf(GetUtcNow());

    /// <summary>Today as a request body writes it ("2027-01-14").</summary>
    public string TodayText => Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The calendar day in London at <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    /// <summary>Stops the clock at its reading now and returns the service's calendar day.</summary>
    public DateOnly Freeze()
    {
        _frozenAt = GetUtcNow();
        return Today;
    }

    /// <summary>Stops the clock at <paramref name="at"/>.</summary>
    public void FreezeAt(DateTimeOffset at) => _frozenAt = at;

    /// <summary>Moves the clock on by <paramref name="by"/> from its reading now, and leaves it stopped there.</summary>
    public void Advance(TimeSpan by) => _frozenAt = GetUtcNow() + by;

    /// <summary>Starts the clock again at <see cref="Start"/>, running: what each test begins with.</summary>
    public void Reset()
    {
        _origin = Start;
        _startedAt = Stopwatch.GetTimestamp();
        _frozenAt = null;
    }
}
