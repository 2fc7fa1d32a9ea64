using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Retention;

namespace Vig.Api.Tests.Security;

/// <summary>Every access audited in an append-only trail; no personal data in logs; retention anonymises.</summary>
public sealed class AuditAndPrivacyTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Audit_RecordsEveryChangeAndRead_WithClientAndCorrelationId()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        referral = await Api.RecordMotherConsentAsync(referral);
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}"))
        {
            read.Headers.Add("X-Correlation-ID", "audit-test-42");
            (await Client.SendAsync(read)).Dispose();
        }

        await Client.GetStringAsync(new Uri($"/api/v1/referrals/{referral.Id}/history", UriKind.Relative));
        using var team = Fixture.CreateClient("vig-team", Vig.Application.Common.Scopes.Decide);

        var trail = await team.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/audit", UriKind.Relative));

        var entries = trail.EnumerateArray().ToList();
        Assert.Equal(
            ["referral.create-and-submit", "consent.record", "referral.read", "referral.read-history"],
            entries.Take(4).Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries.Take(4), e => Assert.Equal(TestTokens.DefaultClient, e.GetProperty("clientId").GetString()));
        Assert.Equal("audit-test-42", entries[2].GetProperty("correlationId").GetString());
        Assert.Equal("vig-team", entries[^1].GetProperty("clientId").GetString());
        Assert.Equal("referral.read-audit", entries[^1].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Audit_RecordsEachList_AsOneReadByItsClient_NamingNoReferral()
    {
        await Api.CreateAsync();
        var before = await AuditCountAsync("referral.list", TestTokens.DefaultClient);

        await Client.GetStringAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        await Client.GetStringAsync(new Uri("/api/v1/referrals?status=submitted&limit=1", UriKind.Relative));

        Assert.Equal(before + 2, await AuditCountAsync("referral.list", TestTokens.DefaultClient));
    }

    [Fact]
    public async Task Audit_RecordsEachReport_AsOneReadByItsClient_NamingNoReferral()
    {
        await Api.CreateAsync();
        using var reporting = Fixture.CreateClient("reporting-tool", Vig.Application.Common.Scopes.Reports);
        var before = await AuditCountAsync("report.summary", "reporting-tool");
        var rowsBefore = await AuditCountAsync("report.referrals", "reporting-tool");

        await reporting.GetStringAsync(new Uri("/api/v1/reports/summary", UriKind.Relative));
        await reporting.GetStringAsync(new Uri("/api/v1/reports/referrals", UriKind.Relative));
        using (var csv = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/referrals"))
        {
            csv.Headers.Add("Accept", "text/csv");
            (await reporting.SendAsync(csv)).Dispose();
        }

        Assert.Equal(before + 1, await AuditCountAsync("report.summary", "reporting-tool"));
        Assert.Equal(rowsBefore + 2, await AuditCountAsync("report.referrals", "reporting-tool"));
    }

    [Fact]
    public async Task Audit_ARefusedChangeLeavesNoEntry_BecauseEntryAndChangeCommitTogether()
    {
        var referral = await Api.CreateAsync();
        var before = await Api.CountAsync("audit_events");

        using var refused = await Api.PostAsync(referral.Id, "accept", referral.ETag);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(before, await Api.CountAsync("audit_events"));
    }

    [Theory]
    [InlineData("UPDATE audit_events SET action = 'tampered'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task Audit_TheDatabaseItselfRefusesToChangeTheTrail(string sql)
    {
        await Api.CreateAsync();
        var before = await Api.CountAsync("audit_events");
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await Api.CountAsync("audit_events"));
    }

    [Fact]
    public async Task Logs_OfAFullJourney_AtEveryLevel_HoldNoPersonalData()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace")
            .ConfigureLogging(l => l.AddProvider(logs)));
        using var client = logged.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        var journey = new ReferralApi(Fixture, client);
        string[] distinctive = ["Zebedee Quillfeather", "2019-03-17", "Ottoline Brackenbury", "Hyacinth Vantablack", "q.xylophone@example.org", "07700 900461", "Marmalade teapot concern", "Umbrella kestrel assessment", "Pomegranate lighthouse change", "Saxophone glacier impact", "Walrus accordion comment", "CASE-QZ-8841"];

        var body = ReferralApi.EligibleBody(submit: true);
        body["child"]!["name"] = distinctive[0];
        body["child"]!["dateOfBirth"] = distinctive[1];
        body["child"]!["externalCaseId"] = distinctive[11];
        body["parentCarers"]![0]!["name"] = distinctive[2];
        body["referrer"]!["name"] = distinctive[3];
        body["referrer"]!["email"] = distinctive[4];
        body["referrer"]!["phone"] = distinctive[5];
        body["concernAccount"] = distinctive[6];
        body["readiness"]!["assessmentSummary"] = distinctive[7];
        body["views"]!["hopedForChange"] = distinctive[8];
        body["views"]!["impactOnChild"] = distinctive[9];
        var referral = await journey.RecordMotherConsentAsync(await journey.CreateAsync(body));
        referral = await journey.ChangeAsync(referral, "accept");
        referral = await journey.ChangeAsync(referral, "allocate", new JsonObject { ["practitioner"] = "P" });
        referral = await journey.ChangeAsync(referral, "close", new JsonObject { ["outcome"] = "completed", ["comment"] = distinctive[10] });
        await client.GetStringAsync(new Uri($"/api/v1/referrals/{referral.Id}/history", UriKind.Relative));
        await client.GetStringAsync(new Uri($"/api/v1/referrals?externalCaseId={Uri.EscapeDataString(distinctive[11])}", UriKind.Relative));
        var bad = ReferralApi.EligibleBody();
        bad["child"]!["name"] = distinctive[0];
        bad["child"]!["dateOfBirth"] = "not a date " + distinctive[1];
        (await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(bad))).Dispose();

        Assert.True(logs.Entries.Count > 50, $"Expected a busy log at Trace level, got {logs.Entries.Count} entries.");
        foreach (var value in distinctive)
        {
            var leaks = logs.Entries.Where(e => e.Contains(value, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
            Assert.True(leaks.Count == 0, $"'{value}' appears in the logs: {string.Join(" /// ", leaks)}");
        }
    }

    [Fact]
    public async Task Retention_AnonymisesFinishedReferralsPastThePeriod_AndLeavesOpenOnesAlone()
    {
        var finished = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        finished = await Api.ChangeAsync(finished, "decline", new JsonObject { ["reasonCode"] = "family-declined", ["comment"] = "Open elsewhere for this child." });
        var open = await Api.CreateAsync();
        await using var due = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Retention:AnonymiseAfter", "00:00:00"));

        await using (var scope = due.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnonymiseFinishedReferrals()));
        }

        var anonymised = await Api.GetAsync(finished.Id);
        Assert.Equal("(removed)", anonymised.Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal("2020-01-01", anonymised.Json.GetProperty("child").GetProperty("dateOfBirth").GetString());
        Assert.Equal("(removed)", anonymised.Json.GetProperty("referrer").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, anonymised.Json.GetProperty("concernAccount").ValueKind);
        Assert.Equal("declined", anonymised.Status);
        var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{finished.Id}/history", UriKind.Relative));
        Assert.All(history.EnumerateArray(), h => Assert.Equal(JsonValueKind.Null, h.GetProperty("comment").ValueKind));
        Assert.Equal("Alex Example", (await Api.GetAsync(open.Id)).Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal(3, history.GetArrayLength());
    }

    private async Task<long> AuditCountAsync(string action, string clientId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = $1 AND client_id = $2 AND referral_id IS NULL", connection);
        command.Parameters.Add(new() { Value = action });
        command.Parameters.Add(new() { Value = clientId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
