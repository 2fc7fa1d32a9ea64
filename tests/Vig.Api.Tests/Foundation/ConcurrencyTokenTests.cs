using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Common;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// Two units of work that loaded the same version: the first save wins, the second is refused. The
/// order is fixed by the test (no racing requests), so the outcome does not depend on timing.
/// </summary>
public sealed class ConcurrencyTokenTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task SecondSave_OfTheSameLoadedVersion_IsRefusedAsStale_AndLeavesTheFirstChange()
    {
        var created = await Api.CreateAsync();
        await using var firstScope = Fixture.Factory.Services.CreateAsyncScope();
        await using var secondScope = Fixture.Factory.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var second = secondScope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var mine = (await first.FindAsync(created.Id, createdBy: null, CancellationToken.None))!;
        var theirs = (await second.FindAsync(created.Id, createdBy: null, CancellationToken.None))!;
        Assert.Equal(mine.Version, theirs.Version);
        var now = Fixture.Factory.Clock.GetUtcNow();
        var stamp = new Stamp(TestTokens.DefaultClient, now, DateOnly.FromDateTime(now.UtcDateTime));

        mine.Withdraw("First.", stamp);
        theirs.Withdraw("Second.", stamp);
        await first.SaveChangesAsync(CancellationToken.None);

        await Assert.ThrowsAsync<StaleVersionException>(() => second.SaveChangesAsync(CancellationToken.None));
        var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{created.Id}/history", UriKind.Relative));
        Assert.Equal(["First."], history.EnumerateArray().Where(h => h.GetProperty("to").GetString() == "withdrawn").Select(h => h.GetProperty("comment").GetString()));
        Assert.Equal(created.Version + 1, (await Api.GetAsync(created.Id)).Version);
    }
}
