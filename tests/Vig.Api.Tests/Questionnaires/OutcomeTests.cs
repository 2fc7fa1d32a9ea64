using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Questionnaires;

/// <summary>
/// Outcomes measured before and after VIG (issue 22, item 1; ADR 0033), over HTTP on PostgreSQL:
/// forms with a timepoint, the change per subscale, the referrer's outcome summary, its event,
/// and the outcome report with its small-cell rule.
/// </summary>
public sealed class OutcomeTests(ApiFixture api) : ApiTestBase(api)
{
    // Before: every item 4 (PM 4, CMS 4, IC 4). After: PM items 2, the others 6 (PM 2, CMS 5.33, IC 5.33).
    private static readonly Func<int, int> BeforeAnswers = _ => 4;
    private static readonly Func<int, int> AfterAnswers = i => i % 3 == 1 ? 2 : 6;

    private static readonly string[] EventDataFields = ["owningClient", "reasonCode", "reference", "referralId", "status", "verdict", "version", "outcome"];

    private static JsonObject Form(string parentCarerId, Func<int, int> answers, string? timepoint, DateOnly completedOn)
    {
        var form = ReferralApi.PrfqForm(parentCarerId, answers);
        form.Remove("timepoint");
        if (timepoint is not null)
        {
            form["timepoint"] = timepoint;
        }

        form["completedOn"] = completedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return form;
    }

    private DateOnly Today => Fixture.Factory.Clock.Today;

    /// <summary>A referral made by <see cref="TestTokens.DefaultClient"/> taken to allocation, with the mother's form before VIG.</summary>
    private async Task<Referral> AllocatedWithFormBeforeAsync(JsonObject? body = null)
    {
        var referral = await Api.CreateAsync(body ?? ReferralApi.EligibleBody(submit: true, withConsents: true));
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, BeforeAnswers, null, Today), HttpStatusCode.Created);
        referral = await Api.ChangeAsync(referral, "accept");
        return await Api.ChangeAsync(referral, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
    }

    private async Task<Referral> ClosedWithBothFormsAsync()
    {
        var referral = await AllocatedWithFormBeforeAsync();
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        return await Api.ChangeAsync(referral, "close", JsonNode.Parse(OpenApiExample.Close));
    }

    private static List<(string Code, decimal Before, decimal After, decimal Change)> Subscales(JsonElement change) =>
        [.. change.GetProperty("subscales").EnumerateArray().Select(s => (s.GetProperty("code").GetString()!, s.GetProperty("before").GetDecimal(), s.GetProperty("after").GetDecimal(), s.GetProperty("change").GetDecimal()))];

    [Fact]
    public async Task ABeforeAndAnAfterForm_OfOneParentCarer_ShowTheChangePerSubscale_BesideBothScores()
    {
        var referral = await ClosedWithBothFormsAsync();

        var read = await Api.GetAsync(referral.Id);
        Assert.Equal(["before", "after"], read.Json.GetProperty("questionnaires").EnumerateArray().Select(q => q.GetProperty("timepoint").GetString()));
        var change = Assert.Single(read.Json.GetProperty("measuredChanges").EnumerateArray());
        Assert.Equal((referral.MotherId, "prfq", 1, false), (change.GetProperty("parentCarerId").GetString(), change.GetProperty("questionnaireId").GetString(), change.GetProperty("version").GetInt32(), change.GetProperty("diagnostic").GetBoolean()));
        Assert.Equal([("PM", 4m, 2m, -2m), ("CMS", 4m, 5.33m, 1.33m), ("IC", 4m, 5.33m, 1.33m)], Subscales(change));
        Assert.StartsWith("Lower is better.", change.GetProperty("subscales")[0].GetProperty("reading").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormsOfAnotherParentCarer_OfAnotherVersion_OrOfOneTimepoint_ShowNoChange()
    {
        var body = ReferralApi.EligibleBody(submit: true, withConsents: true);
        body["parentCarers"]!.AsArray().Add(new JsonObject { ["name"] = "Sam Example", ["relationship"] = "father", ["takesPart"] = true });
        body["consents"]!.AsArray().Add(new JsonObject { ["parentCarerIndex"] = 1, ["kind"] = "takePartInVig", ["givenOn"] = "2026-11-10" });
        var referral = await AllocatedWithFormBeforeAsync(body);
        var fatherId = referral.Json.GetProperty("parentCarers")[1].GetProperty("id").GetString()!;

        // The father's form after VIG does not pair with the mother's before it.
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(fatherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        Assert.Empty(referral.Json.GetProperty("measuredChanges").EnumerateArray());

        // A second form before VIG from the mother is still one timepoint.
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "before", Today), HttpStatusCode.Created);
        Assert.Empty(referral.Json.GetProperty("measuredChanges").EnumerateArray());

        // The mother's form after VIG on another version (kept as a later file's version 2 would keep it) does not pair either.
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        Assert.Single(referral.Json.GetProperty("measuredChanges").EnumerateArray());
        await ExecuteAsync(
            """
            UPDATE referrals SET questionnaires = jsonb_set(questionnaires, ARRAY[(jsonb_array_length(questionnaires) - 1)::text, 'QuestionnaireVersion'], '2')
             WHERE id = $1
            """,
            referral.Id);
        var read = await Api.GetAsync(referral.Id);
        Assert.Equal(2, read.Json.GetProperty("questionnaires")[3].GetProperty("version").GetInt32());
        Assert.Empty(read.Json.GetProperty("measuredChanges").EnumerateArray());
    }

    [Fact]
    public async Task AFormAfterVig_IsTheVigTeams_AndOnlyOnceTheReferralIsAllocated()
    {
        using var referrerClient = Fixture.CreateClient(TestTokens.DefaultClient, Scopes.Submit, Scopes.Read);
        using var teamClient = Fixture.CreateClient("vig-team", Scopes.Read, Scopes.Decide);
        var referrer = new ReferralApi(Fixture, referrerClient);
        var team = new ReferralApi(Fixture, teamClient);
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        referral = await Api.ChangeAsync(referral, "accept");

        var early = await ProblemAssert.IsProblemAsync(await team.PostAsync(referral.Id, "questionnaires", referral.ETag, Form(referral.MotherId, AfterAnswers, "after", Today)), HttpStatusCode.Conflict);
        referral = await Api.ChangeAsync(referral, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
        var byReferrer = await ProblemAssert.IsProblemAsync(await referrer.PostAsync(referral.Id, "questionnaires", referral.ETag, Form(referral.MotherId, AfterAnswers, "after", Today)), HttpStatusCode.Forbidden);
        var beforeByTeam = await ProblemAssert.IsProblemAsync(await team.PostAsync(referral.Id, "questionnaires", referral.ETag, Form(referral.MotherId, BeforeAnswers, null, Today)), HttpStatusCode.Forbidden);

        Assert.Equal(
            ("questionnaire.after-too-early", "questionnaire.after-vig-team-only", "questionnaire.before-needs-submit"),
            (early.GetProperty("code").GetString(), byReferrer.GetProperty("code").GetString(), beforeByTeam.GetProperty("code").GetString()));
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));

        var kept = await team.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        Assert.Equal(("after", "vig-team"), (kept.Json.GetProperty("questionnaires")[0].GetProperty("timepoint").GetString(), kept.Json.GetProperty("questionnaires")[0].GetProperty("recordedBy").GetString()));
    }

    [Fact]
    public async Task TheOutcome_IsReadByTheReferrer_OnceClosed_AndIsNotFoundForAnotherClient()
    {
        using var referrerClient = Fixture.CreateClient(TestTokens.DefaultClient, Scopes.Submit, Scopes.Read);
        using var otherClient = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);
        var referral = await AllocatedWithFormBeforeAsync();

        using var open = await referrerClient.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}/outcome", UriKind.Relative));
        var notYet = await ProblemAssert.IsProblemAsync(open, HttpStatusCode.Conflict);
        Assert.Equal("referral.outcome-not-yet-available", notYet.GetProperty("code").GetString());

        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        referral = await Api.ChangeAsync(referral, "close", JsonNode.Parse(OpenApiExample.Close));

        using var mine = await referrerClient.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}/outcome", UriKind.Relative));
        using var foreign = await otherClient.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}/outcome", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var outcome = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((referral.Id.ToString(), "completed"), (outcome.GetProperty("referralId").GetString(), outcome.GetProperty("outcome").GetString()));
        Assert.All(["submittedAt", "acceptedAt", "allocatedAt", "closedAt"], name => Assert.Equal(JsonValueKind.String, outcome.GetProperty(name).ValueKind));
        Assert.Equal([("PM", 4m, 2m, -2m), ("CMS", 4m, 5.33m, 1.33m), ("IC", 4m, 5.33m, 1.33m)], Subscales(Assert.Single(outcome.GetProperty("measuredChanges").EnumerateArray())));
        var refused = await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound);
        Assert.Equal("referral.not-found", refused.GetProperty("code").GetString());

        // Every read audited, the refused one too.
        Assert.Equal((2, 1), (await AuditCountAsync(referral.Id, AuditActions.ReadOutcome), await AuditCountAsync(referral.Id, AuditActions.ReadOutcome + AuditEntry.RefusedSuffix)));
    }

    [Fact]
    public async Task ClosingAReferral_AndAFormAfterVigOnAClosedOne_SayTheOutcomeIsAvailable_WithNoScores()
    {
        var referral = await AllocatedWithFormBeforeAsync();
        referral = await Api.ChangeAsync(referral, "close", JsonNode.Parse(OpenApiExample.Close));
        var closedVersion = referral.Version;
        referral = await Api.ChangeAsync(referral, "questionnaires", Form(referral.MotherId, AfterAnswers, "after", Today), HttpStatusCode.Created);
        Assert.Equal(("closed", 1), (referral.Status, referral.Json.GetProperty("measuredChanges").GetArrayLength()));

        using var response = await Client.GetAsync(new Uri("/api/v1/events?limit=100", UriKind.Relative));
        var feed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var events = feed.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subject").GetString() == referral.Id.ToString()).ToList();

        Assert.Equal(
            [("referral.closed", closedVersion), ("referral.outcome-available", closedVersion), ("referral.questionnaire-recorded", referral.Version), ("referral.outcome-available", referral.Version)],
            events.Skip(events.Count - 4).Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("version").GetInt32())));
        var available = events.Last();
        Assert.Equal("completed", available.GetProperty("data").GetProperty("outcome").GetString());

        // Ids, codes and the version only: no score, answer or name anywhere in the event.
        Assert.DoesNotContain("score", available.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("change", available.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            EventDataFields.Order(StringComparer.Ordinal),
            available.GetProperty("data").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheOutcomeReport_ShowsAGroupOfFive_AndSuppressesAGroupOfFour_InJsonAndCsv()
    {
        for (var i = 0; i < 5; i++)
        {
            await ClosedWithBothFormsAsync();
        }

        // A closed referral with one form only does not count.
        await Api.ChangeAsync(await AllocatedWithFormBeforeAsync(), "close", JsonNode.Parse(OpenApiExample.Close));
        Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(2027, 2, 10, 12, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 4; i++)
        {
            await ClosedWithBothFormsAsync();
        }

        using var json = await Client.GetAsync(new Uri("/api/v1/reports/outcomes?groupBy=month", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, report.GetProperty("smallCellSuppression").GetInt32());
        var groups = report.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);

        var january = groups[0];
        Assert.Equal(("2027-01", 5, false), (january.GetProperty("month").GetString(), january.GetProperty("referrals").GetInt32(), january.GetProperty("suppressed").GetBoolean()));
        Assert.Equal([("PM", -2m), ("CMS", 1.33m), ("IC", 1.33m)], january.GetProperty("subscales").EnumerateArray().Select(s => (s.GetProperty("code").GetString(), s.GetProperty("medianChange").GetDecimal())));
        Assert.Equal((1.0, 1.0), (january.GetProperty("pmLowerShare").GetDouble(), january.GetProperty("icHigherShare").GetDouble()));

        var february = groups[1];
        Assert.Equal(("2027-02", JsonValueKind.Null, true), (february.GetProperty("month").GetString(), february.GetProperty("referrals").ValueKind, february.GetProperty("suppressed").GetBoolean()));
        Assert.All(february.GetProperty("subscales").EnumerateArray(), s => Assert.Equal((JsonValueKind.Null, true), (s.GetProperty("medianChange").ValueKind, s.GetProperty("suppressed").GetBoolean())));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (february.GetProperty("pmLowerShare").ValueKind, february.GetProperty("icHigherShare").ValueKind));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/reports/outcomes?groupBy=month", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await Client.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "route,concern,age_band,month,referrals,suppressed,median_change_PM,referrals_PM,median_change_CMS,referrals_CMS,median_change_IC,referrals_IC,pm_lower_share,ic_higher_share",
                ",,,2027-01,5,false,-2,5,1.33,5,1.33,5,1,1",
                ",,,2027-02,,true,,,,,,,,",
            ],
            lines);
    }

    [Fact]
    public async Task TheOutcomeReport_IsAuditedAndNeedsTheReportsScope()
    {
        var auditedBefore = await AuditCountAsync(null, AuditActions.Outcomes);
        using var referrer = Fixture.CreateClient(TestTokens.DefaultClient, Scopes.Submit, Scopes.Read);
        using var refused = await referrer.GetAsync(new Uri("/api/v1/reports/outcomes", UriKind.Relative));
        using var reporting = Fixture.CreateClient("reporting-tool", Scopes.Reports);
        using var answered = await reporting.GetAsync(new Uri("/api/v1/reports/outcomes?groupBy=route,concern", UriKind.Relative));
        using var bad = await reporting.GetAsync(new Uri("/api/v1/reports/outcomes?groupBy=status", UriKind.Relative));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK), (refused.StatusCode, answered.StatusCode));
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("groupBy", out _), problem.GetRawText());
        Assert.Equal(auditedBefore + 1, await AuditCountAsync(null, AuditActions.Outcomes));
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> AuditCountAsync(Guid? referralId, string action)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = $1 AND referral_id IS NOT DISTINCT FROM $2", connection);
        command.Parameters.Add(new() { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)referralId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
