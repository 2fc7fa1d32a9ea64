using System.Net.Http.Json;
using System.Text.Json;
using Vig.Api.Tests.Fixtures;
using Vig.Application.ReferenceData;
using Vig.Domain.Referrals;

namespace Vig.Api.Tests.Foundation;

public sealed class ReferenceDataTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ConcernCategories_ComeFromTheDatabase_InTheServiceOrder()
    {
        var categories = await Client.GetFromJsonAsync<List<ConcernCategoryDto>>(new Uri("/api/v1/concern-categories", UriKind.Relative));

        Assert.NotNull(categories);
        Assert.Equal(ConcernCategory.All.Select(c => c.Code), categories.Select(c => c.Code));
        Assert.All(categories, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
    }

    [Fact]
    public async Task ReferralRoutes_NameEachRoute_AndWhatItsReferenceIs()
    {
        var routes = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referral-routes", UriKind.Relative));

        Assert.Equal(
            [
                ("caseManagementDecision", "CMD", "Case Management Decision", "The case-management system's reference of the decision."),
                ("foundationsForLife", "FFL", "Foundations For Life plan", "The reference of the Foundations For Life plan."),
            ],
            routes.EnumerateArray().Select(r => (
                r.GetProperty("kind").GetString(),
                r.GetProperty("abbreviation").GetString(),
                r.GetProperty("title").GetString(),
                r.GetProperty("reference").GetString())));
    }
}
