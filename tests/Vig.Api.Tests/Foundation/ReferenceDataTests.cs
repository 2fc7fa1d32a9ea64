using System.Net.Http.Json;
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
}
