using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Questionnaires;

/// <summary>A completed questionnaire kept with a referral: stored on PostgreSQL, read back, audited, and never part of the verdict.</summary>
public sealed class RecordQuestionnaireTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Recorded_IsReadBackWithTheReferral_TiedToItsVersion_WithWhoAndWhen()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var completedOn = Fixture.Factory.Clock.Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form["completedOn"] = completedOn;

        var recorded = await Api.ChangeAsync(referral, "questionnaires", form, HttpStatusCode.Created);
        var read = await Api.GetAsync(referral.Id);

        Assert.Equal(referral.Version + 1, recorded.Version);
        Assert.Equal(recorded.Json.GetProperty("questionnaires").GetRawText(), read.Json.GetProperty("questionnaires").GetRawText());
        var result = Assert.Single(read.Json.GetProperty("questionnaires").EnumerateArray());
        Assert.Equal(("prfq", 1, referral.MotherId, completedOn), (result.GetProperty("questionnaireId").GetString(), result.GetProperty("version").GetInt32(), result.GetProperty("parentCarerId").GetString(), result.GetProperty("completedOn").GetString()));
        Assert.Equal([("PM", 1.83m), ("CMS", 4.17m), ("IC", 5.17m)], result.GetProperty("scores").EnumerateArray().Select(s => (s.GetProperty("code").GetString(), s.GetProperty("score").GetDecimal())));
        Assert.Equal(Enumerable.Range(1, 18), result.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("item").GetInt32()));
        Assert.Equal(2, result.GetProperty("answers")[0].GetProperty("answer").GetInt32());
        Assert.Equal((false, TestTokens.DefaultClient), (result.GetProperty("diagnostic").GetBoolean(), result.GetProperty("recordedBy").GetString()));
        Assert.Equal(1, await AuditCountAsync(referral.Id, AuditActions.RecordQuestionnaire));

        // Stored as item numbers and answers, with the version and scores of the day.
        Assert.Equal(("prfq", 1, 18, 3), await StoredAsync(referral.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Scores_NeverChangeTheVerdictOrTheActions(int answer)
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

        var recorded = await Api.ChangeAsync(referral, "questionnaires", ReferralApi.PrfqForm(referral.MotherId, _ => answer), HttpStatusCode.Created);

        Assert.Equal(referral.Json.GetProperty("latestEvaluation").GetRawText(), recorded.Json.GetProperty("latestEvaluation").GetRawText());
        Assert.Equal(Without(referral.Json.GetProperty("currentEvaluation"), "evaluatedOn"), Without(recorded.Json.GetProperty("currentEvaluation"), "evaluatedOn"));
        Assert.Equal(referral.AllowedActions, recorded.AllowedActions);
        Assert.Equal("eligible", recorded.CurrentVerdict);
        var accepted = await Api.ChangeAsync(recorded, "accept");
        Assert.Equal("accepted", accepted.Status);
    }

    [Fact]
    public async Task SeveralForms_AreKeptInTheOrderRecorded_ByEachParentCarer()
    {
        var body = ReferralApi.EligibleBody();
        body["parentCarers"]!.AsArray().Add(new JsonObject { ["name"] = "Sam Example", ["relationship"] = "father", ["takesPart"] = true });
        var referral = await Api.CreateAsync(body);
        var fatherId = referral.Json.GetProperty("parentCarers")[1].GetProperty("id").GetString()!;

        referral = await Api.ChangeAsync(referral, "questionnaires", ReferralApi.PrfqForm(fatherId, _ => 7), HttpStatusCode.Created);
        referral = await Api.ChangeAsync(referral, "questionnaires", ReferralApi.PrfqForm(referral.MotherId, _ => 1), HttpStatusCode.Created);

        var read = await Api.GetAsync(referral.Id);
        Assert.Equal([(fatherId, 7m), (referral.MotherId, 1m)], read.Json.GetProperty("questionnaires").EnumerateArray().Select(q => (q.GetProperty("parentCarerId").GetString()!, q.GetProperty("scores")[0].GetProperty("score").GetDecimal())));
    }

    [Fact]
    public async Task AnIncompleteForm_Is422NamingTheItem_AndKeepsNothing()
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form["answers"]![10]!["answer"] = 9;

        using var response = await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("questionnaire.answers-invalid", problem.GetProperty("code").GetString());
        Assert.Equal("The answer to item 11 must be a whole number from 1 to 7.", problem.GetProperty("errors").GetProperty("answers[10].answer")[0].GetString());
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
        Assert.Equal(referral.Version, (await Api.GetAsync(referral.Id)).Version);
        Assert.Equal(0, await AuditCountAsync(referral.Id, AuditActions.RecordQuestionnaire));
    }

    public static TheoryData<string, string> RefusedBodies => new()
    {
        { "someone not on the referral", "questionnaire.unknown-parent-carer" },
        { "an unknown questionnaire", "questionnaire.not-found" },
        { "an unknown version", "questionnaire.not-found" },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task AFormFrom_SomeoneOrSomethingUnknown_IsRefusedWithItsCode_AndKeepsNothing(string what, string code)
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);
        switch (what)
        {
            case "someone not on the referral": form["parentCarerId"] = Guid.NewGuid(); break;
            case "an unknown questionnaire": form["questionnaireId"] = "rfqy"; break;
            default: form["version"] = 2; break;
        }

        using var response = await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form);

        var problem = await ProblemAssert.IsProblemAsync(response, code == "questionnaire.not-found" ? HttpStatusCode.NotFound : HttpStatusCode.UnprocessableEntity);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
    }

    [Theory]
    [InlineData("questionnaireId")]
    [InlineData("parentCarerId")]
    [InlineData("completedOn")]
    [InlineData("answers")]
    public async Task AFormWithoutARequiredField_Is400NamingIt(string field)
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form.Remove(field);

        var problem = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task AFormCompletedTomorrow_Is400NamingTheDate()
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form["completedOn"] = Fixture.Factory.Clock.Freeze().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var problem = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("completedOn", out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("2019-01-01")]
    [InlineData("2020-06-14")]
    public async Task AFormCompletedBeforeTheChildWasBorn_Is422NamingTheDate_AndKeepsNothing(string completedOn)
    {
        var referral = await Api.CreateAsync(); // the child was born on 2020-06-15
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form["completedOn"] = completedOn;

        var problem = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("questionnaire.before-birth", problem.GetProperty("code").GetString());
        Assert.Contains("before the child's date of birth", problem.GetProperty("errors").GetProperty("completedOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
        Assert.Equal(referral.Version, (await Api.GetAsync(referral.Id)).Version);
    }

    [Fact]
    public async Task AFormCompletedOnTheDayTheChildWasBorn_IsKept()
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);
        form["completedOn"] = "2020-06-15";

        var recorded = await Api.ChangeAsync(referral, "questionnaires", form, HttpStatusCode.Created);

        Assert.Equal("2020-06-15", recorded.Json.GetProperty("questionnaires")[0].GetProperty("completedOn").GetString());
    }

    [Fact]
    public async Task AReferral_KeepsAtMostTheDocumentedNumberOfForms_ThenRefusesWith422_AndShowsTheActionBlocked()
    {
        var document = await OpenApiDocument.ReadAsync(Client);
        var most = OpenApiDocument.Schema(document, "ReferralResponse").GetProperty("properties").GetProperty("questionnaires").GetProperty("maxItems").GetInt32();
        var referral = await Api.CreateAsync();
        for (var i = 0; i < most; i++)
        {
            referral = await Api.ChangeAsync(referral, "questionnaires", ReferralApi.PrfqForm(referral.MotherId), HttpStatusCode.Created);
        }

        var problem = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, ReferralApi.PrfqForm(referral.MotherId)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(Domain.Referrals.Referral.MaxQuestionnaires, most);
        Assert.Equal("questionnaire.limit-reached", problem.GetProperty("code").GetString());
        Assert.Contains($"{most} questionnaires", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var read = await Api.GetAsync(referral.Id);
        Assert.Equal((most, referral.Version), (read.Json.GetProperty("questionnaires").GetArrayLength(), read.Version));
        Assert.Equal(most, await Api.CountItemsAsync("questionnaires"));
        Assert.DoesNotContain("recordQuestionnaire", read.AllowedActions);
        Assert.Equal("questionnaire.limit-reached", read.Json.GetProperty("blockedActions").EnumerateArray().Single(b => b.GetProperty("action").GetString() == "recordQuestionnaire").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Recording_FollowsTheReferralRules_IfMatchAndObjectAccess()
    {
        var referral = await Api.CreateAsync();
        using var other = Fixture.CreateClient("case-system-b", Scopes.Submit, Scopes.Read);
        var form = ReferralApi.PrfqForm(referral.MotherId);

        var noIfMatch = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", null, form), HttpStatusCode.PreconditionRequired);
        var stale = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", "W/\"99\"", form), HttpStatusCode.PreconditionFailed);
        var foreign = await ProblemAssert.IsProblemAsync(await new ReferralApi(Fixture, other).PostAsync(referral.Id, "questionnaires", referral.ETag, form), HttpStatusCode.NotFound);

        Assert.Equal(("referral.if-match-required", "referral.version-stale", "referral.not-found"), (noIfMatch.GetProperty("code").GetString(), stale.GetProperty("code").GetString(), foreign.GetProperty("code").GetString()));
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
        Assert.Equal(1, await AuditCountAsync(referral.Id, AuditActions.RecordQuestionnaire + AuditEntry.RefusedSuffix));
    }

    [Fact]
    public async Task AReaderWithoutTheSubmitScope_CannotRecord()
    {
        var referral = await Api.CreateAsync();
        using var reader = Fixture.CreateClient(TestTokens.DefaultClient, Scopes.Read);

        var problem = await ProblemAssert.IsProblemAsync(await new ReferralApi(Fixture, reader).PostAsync(referral.Id, "questionnaires", referral.ETag, ReferralApi.PrfqForm(referral.MotherId)), HttpStatusCode.Forbidden);

        Assert.NotNull(problem.GetProperty("title").GetString());
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKey_KeepsOneForm_AndReplaysTheAnswer()
    {
        var referral = await Api.CreateAsync();
        var form = ReferralApi.PrfqForm(referral.MotherId);

        using var first = await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form, idempotencyKey: "prfq-once");
        using var retry = await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, form, idempotencyKey: "prfq-once");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await Api.CountItemsAsync("questionnaires"));
    }

    [Fact]
    public async Task AReferralWithoutParentCarers_ShowsTheActionBlocked_AndRefusesIt()
    {
        var body = ReferralApi.EligibleBody();
        body["parentCarers"] = new JsonArray();
        var referral = await Api.CreateAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "questionnaires", referral.ETag, ReferralApi.PrfqForm(Guid.NewGuid().ToString())), HttpStatusCode.Conflict);

        Assert.Contains("recordQuestionnaire", referral.BlockedActions);
        Assert.DoesNotContain("recordQuestionnaire", referral.AllowedActions);
        Assert.Equal("questionnaire.no-parent-carer", problem.GetProperty("code").GetString());
    }

    private static string Without(JsonElement element, string member)
    {
        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        node.Remove(member);
        return node.ToJsonString();
    }

    private async Task<(string, int, int, int)> StoredAsync(Guid referralId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT q ->> 'QuestionnaireId', (q ->> 'QuestionnaireVersion')::int, jsonb_array_length(q -> 'Answers'), jsonb_array_length(q -> 'Scores') FROM referrals, jsonb_array_elements(questionnaires) AS q WHERE id = $1", connection);
        command.Parameters.Add(new() { Value = referralId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    private async Task<long> AuditCountAsync(Guid referralId, string action)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = $1 AND referral_id = $2", connection);
        command.Parameters.Add(new() { Value = action });
        command.Parameters.Add(new() { Value = referralId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
