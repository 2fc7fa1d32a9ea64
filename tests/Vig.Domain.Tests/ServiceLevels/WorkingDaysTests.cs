using System.Globalization;
using Vig.Domain.ServiceLevels;
using Vig.Infrastructure.ServiceLevels;

namespace Vig.Domain.Tests.ServiceLevels;

/// <summary>
/// The clocks count England and Wales's working days in London's calendar: the start's day is day
/// 0, the due instant is London's midnight after the last working day, and the clocks' changes move
/// it in UTC.
/// </summary>
public sealed class WorkingDaysTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly WorkingDays Calendar = new(London, new EnglandAndWalesBankHolidays());

    [Theory]
    [InlineData("2027-01-13", true)] // a plain Wednesday
    [InlineData("2027-01-16", false)] // Saturday
    [InlineData("2027-01-17", false)] // Sunday
    [InlineData("2027-12-24", true)]
    [InlineData("2027-12-27", false)] // Christmas Day's substitute (25th is a Saturday)
    [InlineData("2027-12-28", false)] // Boxing Day's substitute (26th is a Sunday)
    [InlineData("2027-12-29", true)]
    [InlineData("2028-01-03", false)] // New Year's Day's substitute
    [InlineData("2027-03-25", true)]
    [InlineData("2027-03-26", false)] // Good Friday
    [InlineData("2027-03-29", false)] // Easter Monday
    [InlineData("2027-03-30", true)]
    [InlineData("2027-05-03", false)] // early May
    [InlineData("2020-05-04", true)] // the first Monday of May 2020 was worked: the holiday moved to VE Day
    [InlineData("2020-05-08", false)]
    [InlineData("2022-05-30", true)] // the last Monday of May 2022 was worked: the holiday moved next to the Jubilee
    [InlineData("2022-06-02", false)]
    [InlineData("2022-06-03", false)] // the Platinum Jubilee
    [InlineData("2022-09-19", false)] // the state funeral of Queen Elizabeth II
    [InlineData("2026-06-15", true)] // Scotland's World Cup holiday is worked in England and Wales
    public void IsWorkingDay_IsAWeekdayThatIsNoBankHoliday(string day, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(Date(day)));

    [Theory]
    [InlineData("2027-01-15T16:00:00Z", 5, "2027-01-23T00:00:00Z")] // Friday 16:00: Monday is day 1, due by the end of Friday week
    [InlineData("2027-01-15T08:00:00Z", 5, "2027-01-23T00:00:00Z")] // the hour of the start does not matter
    [InlineData("2027-01-16T10:00:00Z", 5, "2027-01-23T00:00:00Z")] // started on Saturday: Monday is still day 1
    [InlineData("2027-01-17T10:00:00Z", 5, "2027-01-23T00:00:00Z")] // or on Sunday
    [InlineData("2027-01-18T09:00:00Z", 5, "2027-01-26T00:00:00Z")] // started on Monday: Tuesday is day 1
    [InlineData("2027-01-15T16:00:00Z", 1, "2027-01-19T00:00:00Z")]
    [InlineData("2027-01-15T16:00:00Z", 0, "2027-01-16T00:00:00Z")] // no working days: the end of the start's day
    public void DueAt_IsTheEndOfTheNthWorkingDayAfterTheStartsDay(string start, int workingDays, string due) =>
        Assert.Equal(Instant(due), Calendar.DueAt(Instant(start), workingDays));

    [Theory]
    [InlineData("2027-12-23T14:00:00Z", 5, "2028-01-05T00:00:00Z")] // 24th, 29th, 30th, 31st, 4 January: the 27th, 28th and 3 January are substitutes
    [InlineData("2027-12-24T14:00:00Z", 5, "2028-01-06T00:00:00Z")]
    [InlineData("2027-12-25T14:00:00Z", 1, "2027-12-30T00:00:00Z")] // started on Christmas Day itself
    [InlineData("2027-03-25T12:00:00Z", 3, "2027-04-01T23:00:00Z")] // over Easter: 30th, 31st, 1 April (in British Summer Time)
    [InlineData("2027-03-29T09:00:00Z", 5, "2027-04-05T23:00:00Z")] // started on Easter Monday: Tuesday is day 1
    [InlineData("2027-04-30T12:00:00Z", 1, "2027-05-04T23:00:00Z")] // over early May
    [InlineData("2020-05-07T12:00:00Z", 1, "2020-05-11T23:00:00Z")] // over VE Day's early May, 2020
    [InlineData("2022-06-01T12:00:00Z", 1, "2022-06-06T23:00:00Z")] // over the Platinum Jubilee
    [InlineData("2022-09-16T12:00:00Z", 1, "2022-09-20T23:00:00Z")] // over the state funeral
    public void DueAt_SkipsBankHolidays(string start, int workingDays, string due) =>
        Assert.Equal(Instant(due), Calendar.DueAt(Instant(start), workingDays));

    [Theory]
    [InlineData("2028-03-17T16:00:00Z", "2028-03-25T00:00:00Z")] // the week before: due at midnight GMT
    [InlineData("2028-03-24T16:00:00Z", "2028-03-31T23:00:00Z")] // the Friday before the clocks go forward (26 March): midnight BST is 23:00 UTC
    [InlineData("2027-10-22T15:00:00Z", "2027-10-29T23:00:00Z")] // the week before: due at midnight BST
    [InlineData("2027-10-29T15:00:00Z", "2027-11-06T00:00:00Z")] // the Friday before the clocks go back (31 October): midnight GMT
    public void DueAt_FiveWorkingDaysAcrossAChangeOfTheClocks_IsLondonsMidnight(string start, string due)
    {
        var dueAt = Calendar.DueAt(Instant(start), 5);

        Assert.Equal(Instant(due), dueAt);
        Assert.Equal(TimeSpan.Zero, dueAt.Offset);
        Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(dueAt, London).TimeOfDay);
    }

    [Theory]
    [InlineData("2027-07-15T23:30:00Z", "2027-07-19T23:00:00Z")] // Thursday in UTC, but Friday 00:30 in London: Monday is day 1
    [InlineData("2027-07-15T22:59:59Z", "2027-07-16T23:00:00Z")] // Thursday 23:59:59 in London: Friday is day 1
    [InlineData("2027-01-15T23:30:00Z", "2027-01-19T00:00:00Z")] // in winter London is on UTC
    public void DueAt_CountsFromTheStartsDayInLondon(string start, string due) =>
        Assert.Equal(Instant(due), Calendar.DueAt(Instant(start), 1));

    [Fact]
    public void DueAt_ANegativeNumberOfWorkingDays_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.DueAt(Instant("2027-01-15T16:00:00Z"), -1));

    [Theory]
    [InlineData("2027-01-15T16:00:00Z", 5, 0)] // at the start: the whole target left, none elapsed
    [InlineData("2027-01-16T12:00:00Z", 5, 0)] // the weekend counts for nothing
    [InlineData("2027-01-18T10:00:00Z", 4, 1)]
    [InlineData("2027-01-22T09:00:00Z", 0, 5)] // the due day: nothing left after today
    [InlineData("2027-01-22T23:59:59Z", 0, 5)]
    [InlineData("2027-01-23T00:00:00Z", 0, 5)] // overdue from Saturday 00:00, by no working day yet
    [InlineData("2027-01-25T09:00:00Z", -1, 6)] // overdue by one working day
    [InlineData("2027-01-26T09:00:00Z", -2, 7)]
    public void LeftAndElapsed_CountWholeWorkingDaysAfterToday_AndUpToToday(string now, int left, int elapsed)
    {
        var start = Instant("2027-01-15T16:00:00Z");
        var due = Calendar.DueAt(start, 5);

        Assert.Equal((left, elapsed), (Calendar.Left(Instant(now), due), Calendar.Elapsed(start, Instant(now))));
    }

    [Theory]
    [InlineData("2028-03-31T22:59:59Z", 0)] // Friday 23:59:59 BST: due today
    [InlineData("2028-03-31T23:00:00Z", 0)] // Saturday 00:00 BST: overdue
    [InlineData("2028-04-03T08:00:00Z", -1)]
    [InlineData("2028-03-30T23:30:00Z", 0)] // Friday 00:30 BST, Thursday in UTC
    [InlineData("2028-03-30T22:30:00Z", 1)]
    public void Left_InBritishSummerTime_TurnsAtLondonsMidnight(string now, int left)
    {
        var due = Calendar.DueAt(Instant("2028-03-24T16:00:00Z"), 5);

        Assert.Equal(left, Calendar.Left(Instant(now), due));
    }

    [Theory]
    [InlineData("2027-01-18", "2027-01-22", 4)] // Monday to Friday: Tuesday to Friday
    [InlineData("2027-01-22", "2027-01-18", -4)]
    [InlineData("2027-01-18", "2027-01-18", 0)]
    [InlineData("2027-01-15", "2027-01-18", 1)] // over a weekend
    [InlineData("2027-12-24", "2027-12-31", 3)] // over Christmas: 29th, 30th, 31st
    [InlineData("2027-12-31", "2027-12-24", -3)]
    public void Between_CountsWorkingDaysAfterTheFirstUpToTheSecond(string from, string to, int count) =>
        Assert.Equal(count, Calendar.Between(Date(from), Date(to)));

    /// <summary>Thursday 1 April 2027 at noon, one working day: due at the start of Saturday 3 April.</summary>
    [Fact]
    public void DueAt_WhereTheClocksJumpOverMidnight_IsWhenTheyLand()
    {
        var calendar = new WorkingDays(MidnightChanges, new NoBankHolidays());

        var due = calendar.DueAt(Instant("2027-04-01T15:00:00Z"), 1);

        Assert.Equal(Instant("2027-04-03T03:00:00Z"), due); // 00:00 at -03:00 is 01:00 at -02:00
        Assert.Equal(new DateTime(2027, 4, 3, 1, 0, 0), TimeZoneInfo.ConvertTime(due, MidnightChanges).DateTime);
    }

    /// <summary>Thursday 30 September 2027 at noon, one working day: due at the first of Saturday 2 October's two midnights.</summary>
    [Fact]
    public void DueAt_WhereTheClocksRepeatMidnight_IsTheFirstMidnight()
    {
        var calendar = new WorkingDays(MidnightChanges, new NoBankHolidays());

        var due = calendar.DueAt(Instant("2027-09-30T14:00:00Z"), 1);

        Assert.Equal(Instant("2027-10-02T02:00:00Z"), due);
        Assert.Equal((new DateOnly(2027, 10, 1), new DateOnly(2027, 10, 2)), (calendar.DayOf(due.AddTicks(-1)), calendar.DayOf(due)));
    }

    /// <summary>
    /// A zone (at -03:00) whose clocks go forward at midnight on Saturday 3 April 2027 and back from
    /// 01:00 to midnight on Saturday 2 October 2027, as some zones' clocks do; London's never change at midnight.
    /// </summary>
    private static readonly TimeZoneInfo MidnightChanges = TimeZoneInfo.CreateCustomTimeZone(
        "Test/MidnightChanges",
        TimeSpan.FromHours(-3),
        "Midnight changes",
        "Standard",
        "Summer",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(2027, 1, 1),
                new DateTime(2027, 12, 31),
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 4, 3),
                TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 1, 0, 0), 10, 2)),
        ]);

    private sealed class NoBankHolidays : IBankHolidays
    {
        public bool IsBankHoliday(DateOnly day) => false;
    }

    private static DateOnly Date(string value) => DateOnly.Parse(value, CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
