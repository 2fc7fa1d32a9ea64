using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

public sealed class ListReferralsTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task EachFilter_SelectsOnlyMatchingReferrals()
    {
        var cmd = await Api.CreateAsync();
        var ffl = ReferralApi.EligibleBody(submit: true);
        ffl["route"] = new JsonObject { ["kind"] = "foundationsForLife", ["reference"] = "FFL-9" };
        ffl["referrer"]!["role"] = "psychologist";
        ffl["child"]!["externalCaseId"] = "CASE-77";
        ffl["concerns"] = new JsonArray("autism");
        var other = await Api.CreateAsync(ffl);

        Assert.Equal([cmd.Id], await IdsAsync("status=draft"));
        Assert.Equal([other.Id], await IdsAsync("status=submitted"));
        Assert.Equal([other.Id], await IdsAsync("route=foundationsForLife"));
        Assert.Equal([other.Id], await IdsAsync("referrerRole=psychologist"));
        Assert.Equal([other.Id], await IdsAsync("externalCaseId=CASE-77"));
        Assert.Equal([other.Id], await IdsAsync("concern=autism"));
        Assert.Equal([cmd.Id], await IdsAsync("concern=child-point-of-view"));
        Assert.Equal([other.Id], await IdsAsync("status=submitted&route=foundationsForLife&concern=autism"));
        Assert.Empty(await IdsAsync("status=submitted&route=caseManagementDecision"));
        Assert.Empty(await IdsAsync($"updatedSince={Uri.EscapeDataString(Fixture.Factory.Clock.GetUtcNow().AddMinutes(5).ToString("O"))}"));
        Assert.Equal(2, (await IdsAsync($"updatedSince={Uri.EscapeDataString(Fixture.Factory.Clock.GetUtcNow().AddMinutes(-5).ToString("O"))}")).Count);
    }

    [Fact]
    public async Task Paging_FollowsNextLinks_ThroughEveryReferralOnce_InUpdateOrder()
    {
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await Api.CreateAsync()).Id);
        }

        var seen = new List<Guid>();
        string? next = "/api/v1/referrals?limit=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await Client.GetFromJsonAsync<JsonElement>(new Uri(next, UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            next = page.GetProperty("next").GetString();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task APage_EndingWithTheLastReferral_LinksToNoFurtherPage()
    {
        var created = new List<Guid> { (await Api.CreateAsync()).Id, (await Api.CreateAsync()).Id };

        var whole = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referrals?limit=2", UriKind.Relative));
        var first = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referrals?limit=1", UriKind.Relative));
        var last = await Client.GetFromJsonAsync<JsonElement>(new Uri(first.GetProperty("next").GetString()!, UriKind.Relative));

        Assert.Equal(created, whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);
        Assert.Equal([created[1]], last.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Items_CarryNoPersonalData()
    {
        await Api.CreateAsync();

        var text = await Client.GetStringAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.DoesNotContain("Alex Example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2020-06-15", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Patel", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status=lost", "status")]
    [InlineData("route=post", "route")]
    [InlineData("referrerRole=2", "referrerRole")]
    [InlineData("concern=sadness", "concern")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    public async Task BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("status=lost", "status", "Use one of: draft, submitted, informationRequested")]
    [InlineData("route=2", "route", "Use one of: caseManagementDecision, foundationsForLife.")]
    [InlineData("limit=ten", "limit", "whole number")]
    [InlineData("limit=0", "limit", "1 to 100")]
    [InlineData("updatedSince=2026-13-01T00:00:00Z", "updatedSince", "RFC 3339")]
    public async Task BadTypedQueryValue_SaysWhatToSend(string query, string field, string saying)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(saying, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnumFilters_IgnoreCase_AsTheJsonDoes()
    {
        var submitted = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        Assert.Equal([submitted.Id], await IdsAsync("status=SUBMITTED&referrerRole=SocialWorker"));
    }

    private async Task<List<Guid>> IdsAsync(string query)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }
}
