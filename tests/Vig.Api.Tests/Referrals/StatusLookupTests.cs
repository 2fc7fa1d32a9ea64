using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Referrals;

/// <summary>GET /referrals/status: a case-management system finds where its referrals stand, and only its own.</summary>
public sealed class StatusLookupTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ByExternalCaseId_ListsEveryReferralOfTheCase_NewestFirst_WithStatusAndNextSteps()
    {
        var first = await Api.CreateAsync(WithCase("CASE-1", submit: true));
        Fixture.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Api.CreateAsync(WithCase("CASE-1"));
        await Api.CreateAsync(WithCase("CASE-2"));
        Fixture.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var accepted = await Api.ChangeAsync(await Api.RecordMotherConsentAsync(first), "accept");

        var items = await ItemsAsync(Client, "externalCaseId=CASE-1");

        Assert.Equal([second.Id, first.Id], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(["draft", "accepted"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(accepted.Json.GetProperty("reference").GetString(), items[1].GetProperty("reference").GetString());
        Assert.Equal(accepted.Version, items[1].GetProperty("version").GetInt32());
        Assert.Equal(accepted.AllowedActions, Referral.Strings(items[1].GetProperty("allowedActions")));
        Assert.Equal(second.AllowedActions, Referral.Strings(items[0].GetProperty("allowedActions")));
        Assert.Equal(accepted.Json.GetProperty("updatedAt").GetDateTimeOffset(), items[1].GetProperty("statusChangedAt").GetDateTimeOffset());
        Assert.Equal(second.Json.GetProperty("createdAt").GetDateTimeOffset(), items[0].GetProperty("statusChangedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ByReference_FindsThatReferral()
    {
        await Api.CreateAsync(WithCase("CASE-1"));
        var wanted = await Api.CreateAsync(WithCase("CASE-1", submit: true));

        var items = await ItemsAsync(Client, $"reference={wanted.Json.GetProperty("reference").GetString()}");

        Assert.Equal(wanted.Id, Assert.Single(items).GetProperty("id").GetGuid());
        Assert.Equal("submitted", items[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ClientWithoutDecide_FindsOnlyWhatItCreated_AndSeesOnlyItsOwnNextSteps()
    {
        using var systemB = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);
        var theirs = new ReferralApi(Fixture, systemB);
        var own = await theirs.CreateAsync(WithCase("CASE-SHARED", submit: true));
        await Api.CreateAsync(WithCase("CASE-SHARED"));

        var items = await ItemsAsync(systemB, "externalCaseId=CASE-SHARED");
        Assert.Equal(own.Id, Assert.Single(items).GetProperty("id").GetGuid());
        Assert.DoesNotContain("accept", Referral.Strings(items[0].GetProperty("allowedActions")));

        using var systemC = Fixture.CreateClient("case-system-c", Scopes.Read);
        Assert.Empty(await ItemsAsync(systemC, $"reference={own.Json.GetProperty("reference").GetString()}"));

        // The team (referrals.decide) finds both, and may accept.
        Assert.Equal(2, (await ItemsAsync(Client, "externalCaseId=CASE-SHARED")).Count);
    }

    [Fact]
    public async Task EachLookUp_IsAuditedOnEveryReferralFound_OrAsRefusedWhenNoneIs()
    {
        var a = await Api.CreateAsync(WithCase("CASE-9"));
        var b = await Api.CreateAsync(WithCase("CASE-9"));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/referrals/status?externalCaseId=CASE-9"))
        {
            request.Headers.Add("X-Correlation-ID", "lookup-1");
            (await Client.SendAsync(request)).Dispose();
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/referrals/status?externalCaseId=CASE-NONE"))
        {
            request.Headers.Add("X-Correlation-ID", "lookup-2");
            (await Client.SendAsync(request)).Dispose();
        }

        var found = await AuditAsync("lookup-1");
        Assert.Equal(new[] { ("referral.status-lookup", (Guid?)a.Id), ("referral.status-lookup", b.Id) }.OrderBy(x => x.Item2), found.OrderBy(x => x.ReferralId));
        Assert.Equal([("referral.status-lookup.refused", (Guid?)null)], await AuditAsync("lookup-2"));
    }

    [Theory]
    [InlineData("", "externalCaseId")]
    [InlineData("externalCaseId=CASE-1&reference=VIG-2027-000001", "externalCaseId")]
    [InlineData("reference=12345", "reference")]
    [InlineData("externalCaseId=a%0Ab", "externalCaseId")]
    public async Task BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals/status?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task WithoutReadScope_Is403()
    {
        using var reporting = Fixture.CreateClient("reporting-tool", Scopes.Reports);

        using var response = await reporting.GetAsync(new Uri("/api/v1/referrals/status?externalCaseId=CASE-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static System.Text.Json.Nodes.JsonObject WithCase(string caseId, bool submit = false)
    {
        var body = ReferralApi.EligibleBody(submit);
        body["child"]!["externalCaseId"] = caseId;
        return body;
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/status?{query}", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task<List<(string Action, Guid? ReferralId)>> AuditAsync(string correlationId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT action, referral_id FROM audit_events WHERE correlation_id = $1", connection);
        command.Parameters.AddWithValue(correlationId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, Guid?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)));
        }

        return rows;
    }
}
