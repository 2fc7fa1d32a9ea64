using Vig.Domain.Referrals;

namespace Vig.Domain.Tests;

public sealed class ConcernCategoryTests
{
    [Fact]
    public void Catalogue_HasTheTenConcernsOfTheSourcePage_WithUniqueCodesAndOrder()
    {
        Assert.Equal(10, ConcernCategory.All.Count);
        Assert.Equal(10, ConcernCategory.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 10), ConcernCategory.All.Select(c => c.DisplayOrder));
        Assert.All(ConcernCategory.All, c =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", c.Code);
            Assert.InRange(c.Code.Length, 1, ConcernCategory.CodeMaxLength);
            Assert.InRange(c.Title.Length, 1, ConcernCategory.TitleMaxLength);
            Assert.InRange(c.Description.Length, 1, ConcernCategory.DescriptionMaxLength);
        });
    }

    [Theory]
    [InlineData("autism", true)]
    [InlineData("AUTISM", false)]
    [InlineData("unknown", false)]
    [InlineData(null, false)]
    public void FromCode_MatchesCodesExactly(string? code, bool found) =>
        Assert.Equal(found, ConcernCategory.FromCode(code) is not null);
}
