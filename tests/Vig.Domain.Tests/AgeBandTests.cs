using System.Globalization;
using Vig.Domain.Common;

namespace Vig.Domain.Tests;

public sealed class AgeBandTests
{
    [Theory]
    [InlineData("2026-11-24", "2026-11-24", "0-1")]
    [InlineData("2024-11-24", "2026-11-23", "0-1")]
    [InlineData("2024-11-24", "2026-11-24", "2-4")]
    [InlineData("2021-11-24", "2026-11-23", "2-4")]
    [InlineData("2021-11-24", "2026-11-24", "5-11")]
    [InlineData("2014-11-24", "2026-11-23", "5-11")]
    [InlineData("2014-11-24", "2026-11-24", "12-17")]
    [InlineData("2008-11-24", "2026-11-23", "12-17")]
    [InlineData("2008-11-24", "2026-11-24", "18+")]
    [InlineData("1980-01-01", "2026-11-24", "18+")]
    public void On_TheBirthdayThatEndsABand_StartsTheNext(string born, string on, string expected) =>
        Assert.Equal(expected, AgeBand.On(Date(born), Date(on)));

    [Theory]
    [InlineData("2025-02-27", "2-4")]
    [InlineData("2025-02-28", "5-11")]
    [InlineData("2032-02-28", "5-11")]
    [InlineData("2032-02-29", "12-17")]
    [InlineData("2037-02-28", "12-17")]
    [InlineData("2038-02-27", "12-17")]
    [InlineData("2038-02-28", "18+")]
    public void On_ForA29FebruaryBirthday_TheBirthdayIs28FebruaryInCommonYears(string on, string expected) =>
        Assert.Equal(expected, AgeBand.On(new DateOnly(2020, 2, 29), Date(on)));

    [Fact]
    public void On_IsNone_WithoutBothDays_OrBeforeTheBirth()
    {
        Assert.Null(AgeBand.On(null, Date("2026-11-24")));
        Assert.Null(AgeBand.On(Date("2020-01-01"), null));
        Assert.Null(AgeBand.On(Date("2026-11-25"), Date("2026-11-24")));
        Assert.Equal("0-1", AgeBand.On(Date("2026-11-24"), Date("2026-11-24")));
    }

    [Fact]
    public void All_AreTheBands_YoungestFirst() =>
        Assert.Equal(["0-1", "2-4", "5-11", "12-17", "18+"], AgeBand.All);

    private static DateOnly Date(string value) => DateOnly.Parse(value, CultureInfo.InvariantCulture);
}
