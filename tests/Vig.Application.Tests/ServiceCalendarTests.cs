using System.Globalization;
using Vig.Application.Common;

namespace Vig.Application.Tests;

/// <summary>The service's calendar day is London's: it turns at London midnight and moves with the clocks.</summary>
public sealed class ServiceCalendarTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("2027-01-14T23:59:59.9999990Z", "2027-01-14")] // winter: London is on UTC
    [InlineData("2027-01-15T00:00:00Z", "2027-01-15")]
    [InlineData("2027-07-14T22:59:59.9999990Z", "2027-07-14")] // summer: London is an hour ahead
    [InlineData("2027-07-14T23:00:00Z", "2027-07-15")]
    [InlineData("2027-03-28T00:30:00Z", "2027-03-28")] // clocks go forward at 01:00 UTC
    [InlineData("2027-03-28T01:30:00Z", "2027-03-28")]
    [InlineData("2027-03-28T22:59:59Z", "2027-03-28")]
    [InlineData("2027-03-28T23:00:00Z", "2027-03-29")]
    [InlineData("2027-10-30T22:59:59Z", "2027-10-30")] // clocks go back at 01:00 UTC on the 31st
    [InlineData("2027-10-30T23:00:00Z", "2027-10-31")]
    [InlineData("2027-10-31T00:30:00Z", "2027-10-31")]
    [InlineData("2027-10-31T01:30:00Z", "2027-10-31")]
    [InlineData("2027-10-31T23:59:59Z", "2027-10-31")]
    [InlineData("2027-11-01T00:00:00Z", "2027-11-01")]
    public void Today_IsTheLondonDay(string instant, string day)
    {
        var at = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var calendar = new ServiceCalendar(new FixedTime(at), London);

        Assert.Equal(DateOnly.Parse(day, CultureInfo.InvariantCulture), calendar.Today);
        Assert.Equal(calendar.Today, calendar.DayOf(at));
    }

    [Fact]
    public void Now_IsTruncatedToTheMicrosecond_AsPostgreSqlStoresIt()
    {
        var at = new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);

        Assert.Equal(at.AddTicks(-7), new ServiceCalendar(new FixedTime(at), London).Now);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
