using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Questionnaires;

/// <summary>The questionnaire versions, the version for a child's age, and stateless scoring, through HTTP.</summary>
public sealed class QuestionnaireEndpointTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly HashSet<string> QuestionnaireMembers = ["id", "name", "version", "current", "ages", "fromYears", "toYears", "scaleMin", "scaleMax", "items", "subscales", "code", "reading", "reverseScoredItems", "note"];

    [Fact]
    public async Task List_ShowsThePrfqAndThePrfqASlot_ByItemNumbersOnly()
    {
        var list = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/questionnaires", UriKind.Relative));

        Assert.Equal(["prfq", "prfq-a"], list.EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        foreach (var q in list.EnumerateArray())
        {
            Assert.Equal((1, true, 1, 7), (q.GetProperty("version").GetInt32(), q.GetProperty("current").GetBoolean(), q.GetProperty("scaleMin").GetInt32(), q.GetProperty("scaleMax").GetInt32()));
            Assert.Equal(Enumerable.Range(1, 18), q.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));
            Assert.Equal([11, 18], q.GetProperty("reverseScoredItems").EnumerateArray().Select(i => i.GetInt32()));
            Assert.Equal(
                ["PM:1,4,7,10,13,16", "CMS:2,5,8,11,14,17", "IC:3,6,9,12,15,18"],
                q.GetProperty("subscales").EnumerateArray().Select(s => $"{s.GetProperty("code").GetString()}:{string.Join(',', s.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()))}"));

            // No member could carry an item's wording: only the documented ones, items as bare numbers.
            Assert.All(Members(q), name => Assert.Contains(name, QuestionnaireMembers));
        }

        Assert.Equal((0, 11), Ages(list[0]));
        Assert.Equal((12, 18), Ages(list[1]));
        Assert.Contains("Placeholder", list[1].GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, "prfq")] // born today
    [InlineData(12, 1, "prfq")] // 11: the 12th birthday is tomorrow
    [InlineData(12, 0, "prfq-a")] // the 12th birthday
    [InlineData(19, 1, "prfq-a")] // 18: the 19th birthday is tomorrow
    public async Task ForChild_PicksTheVersionByAgeToday_AtTheBoundaries(int yearsAgo, int daysLater, string expected)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var born = today.AddYears(-yearsAgo).AddDays(daysLater);

        var version = await Client.GetFromJsonAsync<JsonElement>(ForChildUri(born));

        Assert.Equal((expected, true), (version.GetProperty("id").GetString(), version.GetProperty("current").GetBoolean()));
    }

    [Fact]
    public async Task ForChild_CountsTheDayInTheCouncilsTimeZone()
    {
        // 23:30 UTC on 31 July 2027 is already 1 August in London: a child born 1 August 2015 is 12 there.
        Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(2027, 7, 31, 23, 30, 0, TimeSpan.Zero));

        var version = await Client.GetFromJsonAsync<JsonElement>(ForChildUri(new DateOnly(2015, 8, 1)));

        Assert.Equal("prfq-a", version.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ForChild_FromTheNineteenthBirthday_Is404_SayingNoneFits()
    {
        var today = Fixture.Factory.Clock.Freeze();

        var problem = await ProblemAssert.IsProblemAsync(await Client.GetAsync(ForChildUri(today.AddYears(-19))), HttpStatusCode.NotFound);

        Assert.Equal("questionnaire.none-for-age", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("")]
    [InlineData("2020-02-30")]
    [InlineData("1899-12-31")]
    public async Task ForChild_WithoutAPastDateOfBirth_Is400NamingIt(string dateOfBirth)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var text = dateOfBirth == "tomorrow" ? today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dateOfBirth;

        var problem = await ProblemAssert.IsProblemAsync(await Client.GetAsync(new Uri($"/api/v1/questionnaires/for-child?dateOfBirth={text}", UriKind.Relative)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("dateOfBirth", out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("01/02/2020")] // was read as 2 January
    [InlineData("2020-1-1")]
    [InlineData("2020-01-01T23:59")]
    [InlineData("2020-01-01T00:00:00Z")]
    [InlineData("20200101")]
    [InlineData("%202020-01-01")]
    [InlineData("2020-01-01%20")]
    public async Task ForChild_WithADateOfBirthNotWrittenYyyyMmDd_Is400NamingIt_AsTheReportsAnswer(string dateOfBirth)
    {
        var problem = await ProblemAssert.IsProblemAsync(await Client.GetAsync(new Uri($"/api/v1/questionnaires/for-child?dateOfBirth={dateOfBirth}", UriKind.Relative)), HttpStatusCode.BadRequest);

        Assert.Equal("Give a date as yyyy-MM-dd, e.g. 2027-01-31.", Assert.Single(problem.GetProperty("errors").GetProperty("dateOfBirth").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Score_TheDocumentedForm_GivesTheHandWorkedScores_MarkedNotDiagnostic_AndStoresNothing()
    {
        var before = await AuditCountAsync("questionnaire.score");

        using var response = await Client.PostAsync(new Uri("/api/v1/questionnaires/prfq/score", UriKind.Relative), new StringContent(OpenApiExample.PrfqAnswers, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scores = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("prfq", 1, false), (scores.GetProperty("questionnaireId").GetString(), scores.GetProperty("version").GetInt32(), scores.GetProperty("diagnostic").GetBoolean()));
        Assert.Equal([("PM", 1.83m), ("CMS", 4.17m), ("IC", 5.17m)], scores.GetProperty("subscales").EnumerateArray().Select(s => (s.GetProperty("code").GetString(), s.GetProperty("score").GetDecimal())));
        Assert.StartsWith("Lower is better", scores.GetProperty("subscales")[0].GetProperty("reading").GetString(), StringComparison.Ordinal);
        Assert.Contains("not a diagnosis", scores.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await AuditCountAsync("questionnaire.score"));
        Assert.Equal(0, await Api.CountItemsAsync("questionnaires"));
    }

    [Theory]
    [InlineData(1, 1.0, 2.0, 2.0)]
    [InlineData(7, 7.0, 6.0, 6.0)]
    public async Task Score_AllOnesOrAllSevens_ReversesItems11And18(int answer, double pm, double cms, double ic)
    {
        var scores = await ScoreAsync(Form(_ => answer), HttpStatusCode.OK);

        Assert.Equal([(decimal)pm, (decimal)cms, (decimal)ic], scores.GetProperty("subscales").EnumerateArray().Select(s => s.GetProperty("score").GetDecimal()));
    }

    public static TheoryData<string, string, string> RefusedForms => new()
    {
        { "missing item 11", "answers", "Item 11 is not answered" },
        { "extra item 19", "answers[18].item", "Item 19 is not in" },
        { "duplicated item 5", "answers[18].item", "Item 5 is answered more than once" },
        { "item 7 answered 8", "answers[6].answer", "The answer to item 7 must be a whole number from 1 to 7." },
        { "item 7 answered 0", "answers[6].answer", "The answer to item 7 must be a whole number from 1 to 7." },
    };

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public async Task Score_OfAnIncompleteOrWrongForm_Is422NamingTheItem_AndScoresNothing(string form, string path, string message)
    {
        var answers = form switch
        {
            "missing item 11" => new JsonArray([.. Form(_ => 4).Where(a => a!["item"]!.GetValue<int>() != 11).Select(a => a!.DeepClone())]),
            "extra item 19" => Add(Form(_ => 4), 19, 4),
            "duplicated item 5" => Add(Form(_ => 4), 5, 4),
            "item 7 answered 8" => Form(i => i == 7 ? 8 : 4),
            _ => Form(i => i == 7 ? 0 : 4),
        };

        var problem = await ScoreAsync(answers, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("questionnaire.answers-invalid", problem.GetProperty("code").GetString());
        Assert.Equal([path], Members(problem.GetProperty("errors")).Distinct());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(path)[0].GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("subscales", out _));
    }

    [Theory]
    [InlineData("""{ "item": 3 }""", "answers[2].answer")]
    [InlineData("""{ "answer": 3 }""", "answers[2].item")]
    [InlineData("null", "answers[2]")]
    [InlineData("""{ "item": 3, "answer": "3" }""", "answers[2].answer")]
    [InlineData("""{ "item": 3, "answer": 3.5 }""", "answers[2].answer")]
    public async Task Score_WithAnAnswerThatIsNotAWholeNumberPair_Is400NamingIt(string third, string path)
    {
        var answers = Form(_ => 4);
        answers[2] = JsonNode.Parse(third);

        var problem = await ScoreAsync(answers, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Score_WithNoAnswers_Is400_AndWithMoreThanAnyVersionHas_Is400()
    {
        var none = await ProblemAssert.IsProblemAsync(await PostScoreAsync("prfq", new JsonObject()), HttpStatusCode.BadRequest);
        var tooMany = await ScoreAsync(new JsonArray([.. Enumerable.Range(1, Domain.Questionnaires.Questionnaire.MaxItems + 1).Select(i => new JsonObject { ["item"] = i, ["answer"] = 4 })]), HttpStatusCode.BadRequest);

        Assert.True(none.GetProperty("errors").TryGetProperty("answers", out _), none.GetRawText());
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("answers", out _), tooMany.GetRawText());
    }

    [Theory]
    [InlineData("rfqy", null)]
    [InlineData("prfq", 2)]
    public async Task Score_OfAnUnknownQuestionnaireOrVersion_Is404(string id, int? version)
    {
        var body = new JsonObject { ["answers"] = Form(_ => 4) };
        if (version is not null)
        {
            body["version"] = version;
        }

        var problem = await ProblemAssert.IsProblemAsync(await PostScoreAsync(id, body), HttpStatusCode.NotFound);

        Assert.Equal("questionnaire.not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Score_NeedsTheSubmitScope_WhileTheVersionsAreForAnyClient()
    {
        using var reader = Fixture.CreateClient("reporting-tool", Scopes.Reports);

        using var score = await reader.PostAsync(new Uri("/api/v1/questionnaires/prfq/score", UriKind.Relative), ReferralApi.Json(new JsonObject { ["answers"] = Form(_ => 4) }));
        using var list = await reader.GetAsync(new Uri("/api/v1/questionnaires", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(score, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    internal static JsonArray Form(Func<int, int> answer) => new([.. Enumerable.Range(1, 18).Select(i => new JsonObject { ["item"] = i, ["answer"] = answer(i) })]);

    private static JsonArray Add(JsonArray answers, int item, int answer)
    {
        answers.Add(new JsonObject { ["item"] = item, ["answer"] = answer });
        return answers;
    }

    private async Task<JsonElement> ScoreAsync(JsonArray answers, HttpStatusCode expected)
    {
        using var response = await PostScoreAsync("prfq", new JsonObject { ["answers"] = answers });
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(expected, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        return await ProblemAssert.IsProblemAsync(response, expected);
    }

    private Task<HttpResponseMessage> PostScoreAsync(string id, JsonObject body) =>
        Client.PostAsync(new Uri($"/api/v1/questionnaires/{id}/score", UriKind.Relative), ReferralApi.Json(body));

    private static Uri ForChildUri(DateOnly born) => new($"/api/v1/questionnaires/for-child?dateOfBirth={born:yyyy-MM-dd}", UriKind.Relative);

    private static (int, int) Ages(JsonElement q) => (q.GetProperty("ages").GetProperty("fromYears").GetInt32(), q.GetProperty("ages").GetProperty("toYears").GetInt32());

    private static IEnumerable<string> Members(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => (IEnumerable<string>)[p.Name, .. Members(p.Value)]),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Members),
        _ => [],
    };

    private async Task<long> AuditCountAsync(string action)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = $1 AND client_id = $2 AND referral_id IS NULL", connection);
        command.Parameters.Add(new() { Value = action });
        command.Parameters.Add(new() { Value = TestTokens.DefaultClient });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
