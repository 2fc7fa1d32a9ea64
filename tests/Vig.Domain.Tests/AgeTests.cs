using System.Globalization;
using Vig.Domain.Common;

namespace Vig.Domain.Tests;

public sealed class AgeTests
{
    [Theory]
    [InlineData("2021-11-24", "2026-11-23", 4)]
    [InlineData("2021-11-24", "2026-11-24", 5)]
    [InlineData("2021-11-24", "2026-11-25", 5)]
    [InlineData("2026-11-23", "2026-11-24", 0)]
    [InlineData("2008-11-24", "2026-11-23", 17)]
    [InlineData("2008-11-24", "2026-11-24", 18)]
    public void InYears_CountsWholeYearsFromTheDateOfBirth(string born, string on, int expected) =>
        Assert.Equal(expected, Age.InYears(Date(born), Date(on)));

    [Theory]
    [InlineData("2025-02-27", 4)]
    [InlineData("2025-02-28", 5)]
    [InlineData("2025-03-01", 5)]
    [InlineData("2028-02-28", 7)]
    [InlineData("2028-02-29", 8)]
    public void InYears_ForA29FebruaryBirthday_CountsTheBirthdayOn28FebruaryInCommonYears(string on, int expected) =>
        Assert.Equal(expected, Age.InYears(new DateOnly(2020, 2, 29), Date(on)));

    private static DateOnly Date(string value) => DateOnly.Parse(value, CultureInfo.InvariantCulture);
}
