using System.Globalization;
using Vig.Infrastructure.ServiceLevels;

namespace Vig.Domain.Tests.ServiceLevels;

/// <summary>The holidays the clocks skip are England and Wales's, as the days off are taken.</summary>
public sealed class BankHolidaysTests
{
    private static readonly EnglandAndWalesBankHolidays Holidays = new();

    /// <summary>As GOV.UK lists them (2028 by the standing rules): substitute days, the moved early May of 2020, the 2022 and 2023 extra days.</summary>
    private static readonly string[] EnglandAndWales2019To2028 =
    [
        "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26",
        "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28",
        "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28",
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26",
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
    ];

    [Fact]
    public void IsBankHoliday_From2019To2028_IsTrueOnExactlyTheDaysGovUkLists()
    {
        var expected = EnglandAndWales2019To2028.Select(Date).ToList();

        var answered = Days(new DateOnly(2019, 1, 1), new DateOnly(2028, 12, 31)).Where(Holidays.IsBankHoliday).ToList();

        Assert.Equal(expected, answered);
    }

    [Theory]
    [InlineData("2026-06-15")] // Scotland's World Cup holiday
    [InlineData("2027-01-04")] // Scotland's 2 January, moved off the weekend
    [InlineData("2027-08-02")] // Scotland's summer holiday, the first Monday of August
    [InlineData("2026-11-30")] // St Andrew's Day
    [InlineData("2027-03-17")] // St Patrick's Day
    [InlineData("2027-07-12")] // Battle of the Boyne
    public void IsBankHoliday_OnADayOffOnlyInScotlandOrNorthernIreland_IsFalse(string day) =>
        Assert.False(Holidays.IsBankHoliday(Date(day)));

    [Theory]
    [InlineData("2027-12-25")] // Christmas Day on a Saturday: taken on Monday 27th
    [InlineData("2027-12-26")] // Boxing Day on a Sunday: taken on Tuesday 28th
    [InlineData("2028-01-01")] // New Year's Day on a Saturday: taken on Monday 3rd
    public void IsBankHoliday_OnAHolidaysOwnDateAtTheWeekend_IsFalse_TheSubstituteDayIsTheHoliday(string day) =>
        Assert.False(Holidays.IsBankHoliday(Date(day)));

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static DateOnly Date(string value) => DateOnly.Parse(value, CultureInfo.InvariantCulture);
}
