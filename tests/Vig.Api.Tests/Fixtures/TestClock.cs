namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// The API's clock: the system's, unless a test freezes it so that "today" cannot change between
/// the test working out a date and the API checking it. Each test starts with it running.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? _frozenAt;

    public override DateTimeOffset GetUtcNow() => _frozenAt ?? System.GetUtcNow();

    /// <summary>Stops the clock now (close to real time, so tokens stay valid) and returns the council's calendar day.</summary>
    public DateOnly Freeze()
    {
        _frozenAt = System.GetUtcNow();
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_frozenAt.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
    }

    /// <summary>Stops the clock at <paramref name="at"/> (tokens are checked against the real clock, so they stay valid).</summary>
    public void FreezeAt(DateTimeOffset at) => _frozenAt = at;

    /// <summary>Moves the clock on by <paramref name="by"/> from its reading now, and leaves it stopped there.</summary>
    public void Advance(TimeSpan by) => _frozenAt = GetUtcNow() + by;

    public void Run() => _frozenAt = null;
}
