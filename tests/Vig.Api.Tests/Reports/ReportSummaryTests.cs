using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>GET /reports/summary against figures worked out by hand on <see cref="ReportDataSet"/>.</summary>
public sealed class ReportSummaryTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task AllTime_CountsEveryReferralByStatus_DraftsIncluded()
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var summary = await SummaryAsync();

        Assert.Equal(5, summary.GetProperty("total").GetInt32());
        Assert.Equal(["status"], Strings(summary.GetProperty("groupBy")));
        Assert.Equal(
            [("draft", 1), ("declined", 1), ("allocated", 1), ("closed", 1), ("withdrawn", 1)],
            Groups(summary, "status"));
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("from").ValueKind);
    }

    [Fact]
    public async Task AllTime_DurationsDeclinesInformationRequestsAndUnmetRules_AreAsWorkedOutByHand()
    {
        var data = await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var summary = await SummaryAsync();

        // Decisions: Full 14 -> 17 Jan (3 days), Declined 14 -> 15 Jan (1), Allocated 14 -> 19 Jan (5).
        // percentile_cont over [1, 3, 5]: median 3; 90th at 0.9 x 2 = 1.8 places in, 3 + 0.8 x 2 = 4.6.
        Assert.Equal((3, 3.0, 4.6), Duration(summary, "daysToDecision"));

        // Allocations: Full 17 -> 19 Jan (2 days), Allocated 19 -> 23 Jan (4): median 3, 90th 2 + 0.9 x 2 = 3.8.
        Assert.Equal((2, 3.0, 3.8), Duration(summary, "daysToAllocation"));

        // Submitted: all but the draft (4); asked for more information: Full only.
        var information = summary.GetProperty("informationRequests");
        Assert.Equal((4, 1, 0.25), (information.GetProperty("submitted").GetInt32(), information.GetProperty("neededMoreInformation").GetInt32(), information.GetProperty("share").GetDouble()));

        Assert.Equal([("another-service-better-placed", 1)], summary.GetProperty("declinesByReason").EnumerateArray().Select(d => (d.GetProperty("reasonCode").GetString(), d.GetProperty("count").GetInt32())));

        // Only Withdrawn was stored with rules unmet: those of its evaluation at submission, one referral each.
        var unmet = data.Withdrawn.UnmetRules;
        Assert.NotEmpty(unmet);
        Assert.Equal(
            unmet.Order(StringComparer.Ordinal).Select(code => (code, 1)),
            summary.GetProperty("unmetRules").EnumerateArray().Select(r => (r.GetProperty("code").GetString()!, r.GetProperty("referrals").GetInt32())));
    }

    [Fact]
    public async Task GroupedByMonthAndAgeBand_CountsEachCombination_InOrder_WithNoneLast()
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var summary = await SummaryAsync("groupBy=month,ageBand");

        var groups = summary.GetProperty("groups").EnumerateArray()
            .Select(g => (g.GetProperty("month").GetString(), g.GetProperty("ageBand").GetString(), g.GetProperty("count").GetInt32(), g.GetProperty("status").ValueKind))
            .ToList();
        Assert.Equal(
            [
                ("2027-01", "0-1", 1, JsonValueKind.Null),
                ("2027-01", "2-4", 1, JsonValueKind.Null),
                ("2027-01", "5-11", 1, JsonValueKind.Null),
                ("2027-02", "5-11", 1, JsonValueKind.Null),
                (null, null, 1, JsonValueKind.Null),
            ],
            groups);
    }

    [Fact]
    public async Task GroupedByConcernRouteRoleAndCareSetting_CountsAsTheDataSetSays()
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);

        // Every referral but Allocated names the example's two concerns; Allocated names autism alone.
        Assert.Equal([("relationship-not-as-expected", 4), ("child-point-of-view", 4), ("autism", 1)], Groups(await SummaryAsync("groupBy=concern"), "concern"));
        Assert.Equal([("caseManagementDecision", 4), ("foundationsForLife", 1)], Groups(await SummaryAsync("groupBy=route"), "route"));
        Assert.Equal([("socialWorker", 4), ("psychologist", 1)], Groups(await SummaryAsync("groupBy=referrerRole"), "referrerRole"));
        Assert.Equal([("birthFamily", 4), ("fosterCare", 1)], Groups(await SummaryAsync("groupBy=careSetting"), "careSetting"));
    }

    [Fact]
    public async Task Range_CoversReferralDatesFromIncludedToLeftOut_AndLeavesDraftsOut()
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var january = await SummaryAsync("from=2027-01-14&to=2027-02-01");
        Assert.Equal(3, january.GetProperty("total").GetInt32());
        Assert.Equal([("declined", 1), ("allocated", 1), ("closed", 1)], Groups(january, "status"));
        Assert.Equal("2027-01-14", january.GetProperty("from").GetString());

        var february = await SummaryAsync("from=2027-02-01");
        Assert.Equal([("withdrawn", 1)], Groups(february, "status"));
        Assert.Equal((0, (double?)null, (double?)null), DurationOrNull(february, "daysToDecision"));

        // "to" is left out: the referrals of 14 January are not before 14 January.
        Assert.Equal(0, (await SummaryAsync("to=2027-01-14")).GetProperty("total").GetInt32());
        Assert.Equal(3, (await SummaryAsync("to=2027-01-15")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("route")]
    [InlineData("concern")]
    [InlineData("referrerRole")]
    [InlineData("careSetting")]
    [InlineData("ageBand")]
    [InlineData("month")]
    public async Task AllTime_FromTheKeptCounts_IsWhatReadingEveryRowGives(string groupBy)
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);
        await using var scanning = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Reports:ScanOnly", "true"));
        using var scanClient = scanning.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        var kept = await SummaryAsync($"groupBy={groupBy}");
        var scanned = await scanClient.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/reports/summary?groupBy={groupBy}", UriKind.Relative));

        Assert.Equal(scanned.GetRawText(), kept.GetRawText());
        Assert.Equal(5, kept.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task EmptyRange_AnswersZerosAndNulls_NotAnError()
    {
        await ReportDataSet.BuildAsync(Fixture, Api, Client);

        var summary = await SummaryAsync("from=2026-01-01&to=2026-02-01&groupBy=status,concern");

        Assert.Equal(0, summary.GetProperty("total").GetInt32());
        Assert.Empty(summary.GetProperty("groups").EnumerateArray());
        Assert.Empty(summary.GetProperty("declinesByReason").EnumerateArray());
        Assert.Empty(summary.GetProperty("unmetRules").EnumerateArray());
        Assert.Equal((0, (double?)null, (double?)null), DurationOrNull(summary, "daysToDecision"));
        Assert.Equal((0, (double?)null, (double?)null), DurationOrNull(summary, "daysToAllocation"));
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("informationRequests").GetProperty("share").ValueKind);
    }

    [Fact]
    public async Task NoReferralsAtAll_AnswersZeros()
    {
        var summary = await SummaryAsync();

        Assert.Equal(0, summary.GetProperty("total").GetInt32());
        Assert.Empty(summary.GetProperty("groups").EnumerateArray());
    }

    [Theory]
    [InlineData("groupBy=colour", "groupBy", "Use one or more of: status, route, concern")]
    [InlineData("groupBy=status,status", "groupBy", "once")]
    [InlineData("groupBy=", "groupBy", "Use one or more of")]
    [InlineData("from=2027-13-01", "from", "yyyy-MM-dd")]
    [InlineData("from=14/01/2027", "from", "yyyy-MM-dd")]
    [InlineData("to=2027-01-01T00:00:00Z", "to", "yyyy-MM-dd")]
    [InlineData("from=2027-02-01&to=2027-01-01", "to", "after 'from'")]
    [InlineData("from=2027-02-01&to=2027-02-01", "to", "after 'from'")]
    public async Task BadQuery_Returns400NamingTheParameter_AndWhatToSend(string query, string field, string saying)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/reports/summary?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(saying, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedsReportsScope()
    {
        using var caseSystem = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);
        using var reporting = Fixture.CreateClient("reporting-tool", Scopes.Reports);

        using var refused = await caseSystem.GetAsync(new Uri("/api/v1/reports/summary", UriKind.Relative));
        using var allowed = await reporting.GetAsync(new Uri("/api/v1/reports/summary", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private async Task<JsonElement> SummaryAsync(string query = "") =>
        await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/reports/summary?{query}", UriKind.Relative));

    private static List<(string?, int)> Groups(JsonElement summary, string by) =>
        [.. summary.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty(by).GetString(), g.GetProperty("count").GetInt32()))];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static (int, double, double) Duration(JsonElement summary, string name)
    {
        var d = summary.GetProperty(name);
        return (d.GetProperty("referrals").GetInt32(), d.GetProperty("median").GetDouble(), d.GetProperty("percentile90").GetDouble());
    }

    private static (int, double?, double?) DurationOrNull(JsonElement summary, string name)
    {
        var d = summary.GetProperty(name);
        double? Value(string p) => d.GetProperty(p).ValueKind == JsonValueKind.Null ? null : d.GetProperty(p).GetDouble();
        return (d.GetProperty("referrals").GetInt32(), Value("median"), Value("percentile90"));
    }
}
