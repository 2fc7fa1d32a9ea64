using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// GET /reports/service-levels (ADR 0032): the team's decisions and the allocations per month in
/// which their clocks stopped, as JSON and CSV, over a range of stop days; audited, reports.read only.
/// Targets are the defaults: decision 10, allocation 20 working days. No bank holiday falls in
/// January or February 2027.
/// </summary>
public sealed class ServiceLevelReportTests(ApiFixture api) : ApiTestBase(api)
{
    private const string Reporter = "service-level-reporter";

    [Fact]
    public async Task EachMonth_CountsTheTeamsDecisionsAndTheAllocations_NotWhatAWithdrawalStopped()
    {
        await FourReferralsOverTwoMonthsAsync();
        using var reporting = Fixture.CreateClient(Reporter, Scopes.Reports);

        var report = await reporting.GetFromJsonAsync<JsonNode>(new Uri("/api/v1/reports/service-levels", UriKind.Relative));

        var expected = JsonNode.Parse("""
            {
              "from": null, "to": null,
              "months": [
                { "month": "2027-01",
                  "decisions": { "count": 3, "withinTarget": 2, "shareWithinTarget": 0.6667, "medianWorkingDays": 4 },
                  "allocations": { "count": 0, "withinTarget": 0, "shareWithinTarget": null, "medianWorkingDays": null } },
                { "month": "2027-02",
                  "decisions": { "count": 1, "withinTarget": 1, "shareWithinTarget": 1, "medianWorkingDays": 2 },
                  "allocations": { "count": 2, "withinTarget": 1, "shareWithinTarget": 0.5, "medianWorkingDays": 13.5 } }
              ]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, report), report!.ToJsonString());

        using var csv = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/service-levels");
        csv.Headers.Add("Accept", "text/csv");
        using var answer = await reporting.SendAsync(csv);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "month,clock,count,within_target,share_within_target,median_working_days\r\n"
            + "2027-01,decision,3,2,0.6667,4\r\n2027-01,allocation,0,0,,\r\n"
            + "2027-02,decision,1,1,1,2\r\n2027-02,allocation,2,1,0.5,13.5\r\n",
            await answer.Content.ReadAsStringAsync());

        var february = await reporting.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/service-levels?from=2027-02-01", UriKind.Relative));
        var january = await reporting.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/service-levels?from=2027-01-01&to=2027-02-01", UriKind.Relative));
        Assert.Equal(["2027-02"], Months(february));
        Assert.Equal(["2027-01"], Months(january));
        Assert.Equal("2027-02-01", january.GetProperty("to").GetString());

        Assert.Equal(4, await Api.CountAsync($"audit_events WHERE action = '{AuditActions.ServiceLevels}' AND client_id = '{Reporter}'"));
    }

    [Fact]
    public async Task NeedsTheReportsScope_AndATo_AfterFrom()
    {
        using var caseSystem = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);
        using var reporting = Fixture.CreateClient("reporting-tool", Scopes.Reports);

        using var refused = await caseSystem.GetAsync(new Uri("/api/v1/reports/service-levels", UriKind.Relative));
        using var empty = await reporting.GetAsync(new Uri("/api/v1/reports/service-levels", UriKind.Relative));
        using var backwards = await reporting.GetAsync(new Uri("/api/v1/reports/service-levels?from=2027-02-01&to=2027-02-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("months").GetArrayLength());
        var problem = await ProblemAssert.IsProblemAsync(backwards, HttpStatusCode.BadRequest);
        Assert.Contains("after 'from'", problem.GetProperty("errors").GetProperty("to")[0].GetString(), StringComparison.Ordinal);
    }

    // January: three decisions (2 and 4 working days within, 11 late) and a withdrawal; February: a
    // decision after resubmission (2), and two allocations (2 within, 25 late).
    private async Task FourReferralsOverTwoMonthsAsync()
    {
        Fixture.Factory.Clock.FreezeAt(TestClock.Start); // Thursday 14 January, noon
        var first = await SubmittedAsync();
        var second = await SubmittedAsync();
        var third = await SubmittedAsync();
        var fourth = await SubmittedAsync();

        At(1, 18);
        first = await Api.ChangeAsync(first, "accept");
        At(1, 19);
        await Api.ChangeAsync(third, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));
        At(1, 20);
        await Api.ChangeAsync(fourth, "decline", JsonNode.Parse(OpenApiExample.Decline));
        At(1, 29);
        second = await Api.ChangeAsync(second, "request-information", new JsonObject { ["ruleCodes"] = new JsonArray("consent.parent-carers") });
        At(2, 1);
        second = await Api.ChangeAsync(second, "submit");
        At(2, 3);
        second = await Api.ChangeAsync(second, "accept");
        At(2, 5);
        await Api.ChangeAsync(second, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
        At(2, 22);
        await Api.ChangeAsync(first, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
    }

    private Task<Referral> SubmittedAsync() => Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

    private void At(int month, int day) => Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(2027, month, day, 10, 0, 0, TimeSpan.Zero));

    private static List<string> Months(JsonElement report) => [.. report.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()!)];
}
