using Vig.Application.Common;

namespace Vig.Application.Tests.Fixtures;

/// <summary>The service's calendar stopped at noon in London on <see cref="Today"/> (winter: London is on UTC).</summary>
internal static class TestCalendar
{
    public static readonly DateOnly Today = new(2027, 1, 14);

    public static readonly ServiceCalendar Calendar = new(
        new FixedTime(new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero)),
        TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
