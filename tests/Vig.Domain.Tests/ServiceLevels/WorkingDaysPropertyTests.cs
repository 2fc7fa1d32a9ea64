using CsCheck;
using Vig.Domain.ServiceLevels;
using Vig.Infrastructure.ServiceLevels;

namespace Vig.Domain.Tests.ServiceLevels;

/// <summary>What holds for any clock started between 2019 and 2035 in London, holidays and changes of the clocks included.</summary>
public sealed class WorkingDaysPropertyTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly WorkingDays Calendar = new(London, new EnglandAndWalesBankHolidays());

    private static readonly Gen<DateTimeOffset> Start = Gen.Long[
            new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks,
            new DateTimeOffset(2035, 12, 31, 0, 0, 0, TimeSpan.Zero).UtcTicks]
        .Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    private static readonly Gen<int> Target = Gen.Int[0, 40];

    private static readonly Gen<DateOnly> Day = Gen.Int[0, 6000].Select(days => new DateOnly(2019, 1, 1).AddDays(days));

    [Fact]
    public void AClock_HasItsTargetLeftAtTheStart_AndElapsedJustBeforeItIsDue() =>
        Gen.Select(Start, Target).Sample((start, workingDays) =>
        {
            var due = Calendar.DueAt(start, workingDays);

            Assert.Equal(workingDays, Calendar.Left(start, due));
            Assert.Equal(workingDays, Calendar.Elapsed(start, due.AddTicks(-1)));
            Assert.Equal(0, Calendar.Left(due.AddTicks(-1), due));
        });

    [Fact]
    public void AClock_IsDueAtLondonsMidnight_AfterAWorkingDay() =>
        Gen.Select(Start, Gen.Int[1, 40]).Sample((start, workingDays) =>
        {
            var due = Calendar.DueAt(start, workingDays);

            Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(due, London).TimeOfDay);
            Assert.True(Calendar.IsWorkingDay(Calendar.DayOf(due.AddTicks(-1))));
            Assert.True(Calendar.DueAt(start, workingDays - 1) < due);
        });

    [Fact]
    public void Between_IsAdditive_AndCountsADayOnlyWhenItIsAWorkingDay() =>
        Gen.Select(Day, Day, Day).Sample((a, b, c) =>
        {
            Assert.Equal(Calendar.Between(a, c), Calendar.Between(a, b) + Calendar.Between(b, c));
            Assert.Equal(Calendar.IsWorkingDay(b) ? 1 : 0, Calendar.Between(b.AddDays(-1), b));
        });
}
