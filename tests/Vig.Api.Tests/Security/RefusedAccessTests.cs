using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Security;

/// <summary>
/// OWASP API1: another client's referral and a missing one cost the same (one query with the client
/// in its WHERE), answer the same, and are audited the same, as refused (docs/security.md).
/// </summary>
public sealed class RefusedAccessTests(ApiFixture api) : ApiTestBase(api)
{
    private const string OtherClient = "case-system-b";

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/history")]
    [InlineData("POST", "/withdraw")]
    public async Task API1_ObjectLevel_AForeignAndAMissingId_RunTheSameStatements_AndAnswerAlike(string method, string path)
    {
        var mine = await Api.CreateAsync();
        var recorder = new CommandRecorder();
        await using var recorded = Fixture.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(recorder)));
        using var other = recorded.CreateClient().As(OtherClient, Scopes.Submit, Scopes.Read);
        recorder.Take(); // the start-up's migration check

        using var foreign = await SendAsync(other, method, $"/api/v1/referrals/{mine.Id}{path}", mine.ETag);
        var foreignCommands = recorder.Take();
        using var missing = await SendAsync(other, method, $"/api/v1/referrals/{Guid.NewGuid()}{path}", mine.ETag);
        var missingCommands = recorder.Take();

        Assert.Equal(missingCommands, foreignCommands);
        if (method == "GET")
        {
            // A read is one statement: the referral, and its audit record in a CTE (ADR 0013).
            var statement = Assert.Single(foreignCommands);
            Assert.Matches("(?s)FROM referrals AS r.*WHERE r.created_by = @createdBy AND r.id = @id", statement);
            Assert.Contains("INSERT INTO audit_events", statement, StringComparison.Ordinal);
        }
        else
        {
            Assert.Collection(
                foreignCommands,
                select => Assert.Matches("(?s)FROM referrals.*WHERE.*created_by", select),
                insert => Assert.StartsWith("INSERT INTO audit_events", insert, StringComparison.Ordinal));
        }
        Assert.Equal(await WithoutTraceIdAsync(missing), await WithoutTraceIdAsync(foreign));
        Assert.Equal("draft", (await Api.GetAsync(mine.Id)).Status);
    }

    [Fact]
    public async Task API1_ObjectLevel_RefusedAccess_ToAForeignOrMissingId_IsAuditedOnceEach_AsRefused()
    {
        var mine = await Api.CreateAsync();
        var missingId = Guid.NewGuid();
        using var other = Fixture.CreateClient(OtherClient, Scopes.Submit, Scopes.Read);

        (await other.GetAsync(new Uri($"/api/v1/referrals/{mine.Id}", UriKind.Relative))).Dispose();
        (await other.GetAsync(new Uri($"/api/v1/referrals/{missingId}", UriKind.Relative))).Dispose();
        (await new ReferralApi(Fixture, other).PostAsync(mine.Id, "withdraw", mine.ETag, new JsonObject { ["reason"] = "Not yours." })).Dispose();

        Assert.Equal(
            [("referral.read.refused", mine.Id), ("referral.read.refused", missingId), ("referral.withdraw.refused", mine.Id)],
            await AuditOfAsync(OtherClient, mine.Id, missingId));
        using var team = Fixture.CreateClient("vig-team", Scopes.Decide);
        var trail = await team.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{mine.Id}/audit", UriKind.Relative));
        Assert.Contains(trail.EnumerateArray(), e => e.GetProperty("action").GetString() == "referral.read.refused" && e.GetProperty("clientId").GetString() == OtherClient);
    }

    [Fact]
    public async Task API1_ObjectLevel_TheVigTeamReadsAnyReferral_AndIsRefusedOnlyAMissingOne()
    {
        var mine = await Api.CreateAsync();
        var missingId = Guid.NewGuid();
        using var team = Fixture.CreateClient("vig-team", Scopes.Decide);

        using var found = await team.GetAsync(new Uri($"/api/v1/referrals/{mine.Id}", UriKind.Relative));
        using var missing = await team.GetAsync(new Uri($"/api/v1/referrals/{missingId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal([("referral.read", mine.Id), ("referral.read.refused", missingId)], await AuditOfAsync("vig-team", mine.Id, missingId));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string etag)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            request.Content = ReferralApi.Json(new JsonObject { ["reason"] = "Not yours." });
        }

        return await client.SendAsync(request);
    }

    /// <summary>Status, media type and body of an answer, with the one part that differs per request left out.</summary>
    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body.Remove("traceId"), "A problem answer carries a traceId.");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body.ToJsonString()}";
    }

    private async Task<List<(string Action, Guid ReferralId)>> AuditOfAsync(string clientId, params Guid[] referralIds)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT action, referral_id FROM audit_events WHERE client_id = $1 AND referral_id = ANY($2) ORDER BY id", connection);
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(referralIds);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, Guid)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetGuid(1)));
        }

        return rows;
    }
}
