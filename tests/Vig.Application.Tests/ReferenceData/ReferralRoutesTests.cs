using Vig.Application.ReferenceData;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.ReferenceData;

/// <summary>A route's texts never exceed what the API document promises clients (maxLength of abbreviation, title and reference).</summary>
public sealed class ReferralRoutesTests
{
    [Fact]
    public void ARoute_WithTextsAtTheirLimits_IsMade()
    {
        var route = new ReferralRouteDto(RouteKind.FoundationsForLife, Bodies.Text(ReferralRouteDto.AbbreviationMaxLength), Bodies.Text(ReferralRouteDto.TextMaxLength), Bodies.Text(ReferralRouteDto.TextMaxLength));

        Assert.Equal((8, 200, 200), (route.Abbreviation.Length, route.Title.Length, route.Reference.Length));
    }

    [Theory]
    [InlineData("abbreviation", "At most 8 characters: ")]
    [InlineData("title", "At most 200 characters: ")]
    [InlineData("reference", "At most 200 characters: ")]
    public void ARoute_WithATextLongerThanPromised_CannotBeMade(string text, string saying)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new ReferralRouteDto(
            RouteKind.CaseManagementDecision,
            text == "abbreviation" ? Bodies.Text(ReferralRouteDto.AbbreviationMaxLength + 1) : "CMD",
            text == "title" ? Bodies.Text(ReferralRouteDto.TextMaxLength + 1) : "Case Management Decision",
            text == "reference" ? Bodies.Text(ReferralRouteDto.TextMaxLength + 1) : "The decision's reference."));

        Assert.StartsWith(saying, refused.Message, StringComparison.Ordinal);
    }
}
