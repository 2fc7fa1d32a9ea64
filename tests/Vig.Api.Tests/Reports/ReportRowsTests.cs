using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vig.Application.Retention;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>GET /reports/referrals: one row per referral, as JSON pages or a CSV export.</summary>
public sealed class ReportRowsTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Json_OneRowPerReferral_OldestFirst_WithEachStatusChangeOnItsDay()
    {
        var data = await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var rows = await AllRowsAsync("limit=2");

        Assert.Equal(data.All.Select(Reference).Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("reference").GetString()).Order(StringComparer.Ordinal));
        foreach (var referral in data.All)
        {
            var row = rows.Single(r => r.GetProperty("reference").GetString() == Reference(referral));
            var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/history", UriKind.Relative));
            Assert.Equal(
                history.EnumerateArray().Select(h => (h.GetProperty("to").GetString(), TestClock.DayOf(h.GetProperty("at").GetDateTimeOffset()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                row.GetProperty("statusChanges").EnumerateArray().Select(c => (c.GetProperty("status").GetString(), c.GetProperty("on").GetString()!)));
            Assert.Equal(referral.Status, row.GetProperty("status").GetString());
        }

        var full = rows.Single(r => r.GetProperty("reference").GetString() == Reference(data.Full));
        Assert.Equal(
            ["submitted", "informationRequested", "submitted", "accepted", "allocated", "closed"],
            full.GetProperty("statusChanges").EnumerateArray().Skip(1).Select(c => c.GetProperty("status").GetString()));
        Assert.Equal(("caseManagementDecision", "socialWorker", "5-11", "birthFamily", false), (
            full.GetProperty("route").GetString(), full.GetProperty("referrerRole").GetString(), full.GetProperty("ageBand").GetString(),
            full.GetProperty("careSetting").GetString(), full.GetProperty("send").GetBoolean()));
        Assert.Equal(["relationship-not-as-expected", "child-point-of-view"], Referral.Strings(full.GetProperty("concerns")));
        Assert.Equal("0-1", rows.Single(r => r.GetProperty("reference").GetString() == Reference(data.Declined)).GetProperty("ageBand").GetString());
        Assert.Equal("2-4", rows.Single(r => r.GetProperty("reference").GetString() == Reference(data.Allocated)).GetProperty("ageBand").GetString());
        Assert.Equal(JsonValueKind.Null, rows.Single(r => r.GetProperty("reference").GetString() == Reference(data.Draft)).GetProperty("ageBand").ValueKind);
    }

    [Fact]
    public async Task AgeBand_IsKept_WhenAnonymisingLeavesOnlyTheBirthYear()
    {
        // Born 15 January 2022 and referred 14 January 2027: aged 4 (2-4). Anonymised, the date of
        // birth becomes 1 January 2022, which would make the child 5 (5-11) on that day.
        var clock = Fixture.Factory.Clock;
        clock.Freeze();
        var body = ReferralApi.EligibleBody(submit: true, withConsents: true);
        body["child"]!["dateOfBirth"] = "2022-01-15";
        var referral = await Api.CreateAsync(body);
        await Api.ChangeAsync(referral, "withdraw", new System.Text.Json.Nodes.JsonObject { ["reason"] = "Moved away." });
        clock.Advance(TimeSpan.FromDays(30));
        await using (var due = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Retention:AnonymiseAfter", "15.00:00:00")))
        await using (var scope = due.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnonymiseFinishedReferrals()));
        }

        var row = Assert.Single(await AllRowsAsync(string.Empty));
        Assert.Equal("2-4", row.GetProperty("ageBand").GetString());
        Assert.Equal("withdrawn", row.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Json_FiltersByStatusAndReferralDate()
    {
        var data = await ReportDataSet.BuildAsync(Fixture, Api, Client);

        Assert.Equal([Reference(data.Withdrawn)], (await AllRowsAsync("status=withdrawn")).Select(r => r.GetProperty("reference").GetString()));
        Assert.Equal([Reference(data.Withdrawn)], (await AllRowsAsync("from=2027-02-01")).Select(r => r.GetProperty("reference").GetString()));
        Assert.Equal(3, (await AllRowsAsync("from=2027-01-14&to=2027-02-01")).Count);
        Assert.Empty(await AllRowsAsync("from=2026-01-01&to=2026-02-01"));
    }

    [Fact]
    public async Task Paging_WhileReferralsAreAddedAndChanged_GivesEveryReferralOnce_NoGapsNoRepeats()
    {
        var before = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            before.Add(Reference(await Api.CreateAsync(ReferralApi.EligibleBody(submit: i % 2 == 0))));
        }

        var seen = new List<string>();
        var added = new List<string>();
        string? next = "/api/v1/reports/referrals?limit=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await Client.GetFromJsonAsync<JsonElement>(new Uri(next, UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("reference").GetString()!));
            next = page.GetProperty("next").GetString();
            if (++pages <= 2)
            {
                // Between pages: a new referral, and a change to one already read (its row moves nowhere).
                added.Add(Reference(await Api.CreateAsync()));
                var changed = await Api.GetAsync(await IdOfAsync(before[pages - 1]));
                await Api.ChangeAsync(changed, "withdraw", new System.Text.Json.Nodes.JsonObject { ["reason"] = "Moved away." });
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(before, seen.Take(before.Count));
        Assert.Equal(added, seen.Skip(before.Count));
    }

    [Fact]
    public async Task Csv_WhenAskedFor_IsRfc4180WithAHeader_OneRecordPerReferral_SameAsTheJson()
    {
        var data = await ReportDataSet.BuildAsync(Fixture, Api, Client);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/referrals");
        request.Headers.Add("Accept", "text/csv");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "header" && p.Value == "present");
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(text.StartsWith('\uFEFF'), "no byte order mark");

        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var records = csv.GetRecords<dynamic>().Select(r => (IDictionary<string, object>)r).ToList();
        Assert.Equal(
            "reference,status,route,concerns,referrer_role,age_band,care_setting,send,created_on,submitted_on,information_requested_on,accepted_on,declined_on,allocated_on,closed_on,withdrawn_on,status_changes",
            text[..text.IndexOf('\r', StringComparison.Ordinal)]);
        Assert.Equal(data.All.Count, records.Count);

        var full = records.Single(r => (string)r["reference"] == Reference(data.Full));
        Assert.Equal("closed", full["status"]);
        Assert.Equal("relationship-not-as-expected;child-point-of-view", full["concerns"]);
        Assert.Equal(("2027-01-14", "2027-01-14", "2027-01-15", "2027-01-17", "", "2027-01-19", "2027-01-20", ""), (
            (string)full["created_on"], (string)full["submitted_on"], (string)full["information_requested_on"], (string)full["accepted_on"],
            (string)full["declined_on"], (string)full["allocated_on"], (string)full["closed_on"], (string)full["withdrawn_on"]));
        Assert.Equal("5-11", full["age_band"]);
        Assert.Equal("false", full["send"]);
        Assert.Equal(
            "draft 2027-01-14;submitted 2027-01-14;informationRequested 2027-01-15;submitted 2027-01-16;accepted 2027-01-17;allocated 2027-01-19;closed 2027-01-20",
            full["status_changes"]);
        var draft = records.Single(r => (string)r["reference"] == Reference(data.Draft));
        Assert.Equal(("draft", "", ""), ((string)draft["status"], (string)draft["age_band"], (string)draft["submitted_on"]));
    }

    [Fact]
    public async Task Csv_FiltersAsTheJsonDoes_AndAnEmptyExportIsTheHeaderAlone()
    {
        var data = await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var declined = await CsvAsync("status=declined");
        Assert.Equal(2, declined.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(Reference(data.Declined), declined, StringComparison.Ordinal);

        var none = await CsvAsync("from=2026-01-01&to=2026-02-01");
        Assert.Single(none.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("from=2027-02-01&to=2027-01-01", "to")]
    [InlineData("from=2027-02-30", "from")]
    public async Task BadQuery_Returns400ProblemNamingTheParameter_AlsoWhenCsvWasAskedFor(string query, string field)
    {
        foreach (var accept in new[] { "application/json", "text/csv" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/referrals?{query}");
            request.Headers.Add("Accept", accept);
            using var response = await Client.SendAsync(request);

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        }
    }

    [Theory]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    public async Task BadPagingQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/reports/referrals?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task NeedsReportsScope()
    {
        using var caseSystem = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);

        using var response = await caseSystem.GetAsync(new Uri("/api/v1/reports/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Reference(Referral referral) => referral.Json.GetProperty("reference").GetString()!;

    private async Task<Guid> IdOfAsync(string reference)
    {
        var found = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/status?reference={reference}", UriKind.Relative));
        return found.GetProperty("items")[0].GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> AllRowsAsync(string query)
    {
        var rows = new List<JsonElement>();
        string? next = $"/api/v1/reports/referrals?{query}";
        while (next is not null)
        {
            var page = await Client.GetFromJsonAsync<JsonElement>(new Uri(next, UriKind.Relative));
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }

        return rows;
    }

    private async Task<string> CsvAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/referrals?{query}");
        request.Headers.Add("Accept", "text/csv");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
