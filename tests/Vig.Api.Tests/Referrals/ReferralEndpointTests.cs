using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

public sealed class ReferralEndpointTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Create_AsDraft_Returns201WithLocationETagAndAHumanReference()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        var referral = await ReferralApi.ReadAsync(response, HttpStatusCode.Created);

        Assert.Equal($"/api/v1/referrals/{referral.Id}", response.Headers.Location?.ToString());
        Assert.Equal("W/\"1\"", referral.ETag);
        Assert.Matches("^VIG-20[0-9]{2}-[0-9]{6}$", referral.Json.GetProperty("reference").GetString());
        Assert.Equal(("draft", null), (referral.Status, referral.Verdict));
    }

    [Fact]
    public async Task Create_References_ComeFromASequence()
    {
        var first = await Api.CreateAsync();
        var second = await Api.CreateAsync();

        var number = (Referral r) => long.Parse(r.Json.GetProperty("reference").GetString()![9..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(number(first) + 1, number(second));
    }

    [Fact]
    public async Task Create_WithSubmit_StoresTheEvaluation()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        Assert.Equal(("submitted", "needsInformation"), (referral.Status, referral.Verdict));
        Assert.Equal(["consent.parent-carers"], referral.UnmetRules);
        Assert.Equal("2026-11", referral.Json.GetProperty("latestEvaluation").GetProperty("policyVersion").GetString());
        Assert.Equal(1, await Api.CountItemsAsync("evaluations"));
    }

    [Fact]
    public async Task History_WrittenInOneRequest_ReadsBackInTheOrderItHappened()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        referral = await Api.ChangeAsync(referral, "withdraw", new JsonObject { ["reason"] = "Family moved away." });

        var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/history", UriKind.Relative));

        Assert.Equal(["draft", "submitted", "withdrawn"], history.EnumerateArray().Select(h => h.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Get_ReadsBackWhatWasStored()
    {
        var created = await Api.RecordMotherConsentAsync(await Api.CreateAsync());

        var read = await Api.GetAsync(created.Id);

        Assert.Equal(created.Json.GetRawText(), read.Json.GetRawText());
        Assert.Equal("Alex Example", read.Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal(read.MotherId, read.Json.GetProperty("consents")[0].GetProperty("parentCarerId").GetString());
    }

    [Fact]
    public async Task Get_WithTheCurrentETagInIfNoneMatch_Returns304()
    {
        var referral = await Api.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", referral.ETag);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithAnOldETagInIfNoneMatch_Returns200()
    {
        var referral = await Api.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", "W/\"0\"");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownReferral_Returns404Problem()
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("referral.not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Put_ReplacesTheContentOfADraft()
    {
        var referral = await Api.CreateAsync();
        var body = ReferralApi.EligibleBody();
        body["concerns"] = new JsonArray("autism");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(body) };
        put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);

        var edited = await ReferralApi.ReadAsync(await Client.SendAsync(put), HttpStatusCode.OK);

        Assert.Equal(["autism"], Referral.Strings(edited.Json.GetProperty("concerns")));
        Assert.Equal(referral.Version + 1, edited.Version);
        Assert.Equal(1, await Api.CountItemsAsync("concerns"));
    }

    [Fact]
    public async Task Put_AfterSubmission_Returns409WithTheActionCode()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);

        using var response = await Client.SendAsync(put);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("referral.action-not-allowed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Change_WithoutIfMatch_Returns428()
    {
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "submit", etag: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionRequired);
        Assert.Equal("referral.if-match-required", problem.GetProperty("code").GetString());
        Assert.Equal("draft", (await Api.GetAsync(referral.Id)).Status);
    }

    [Theory]
    [InlineData("W/\"7\"")]
    [InlineData("\"not-a-version\"")]
    [InlineData("*")]
    public async Task Change_WithAStaleOrForeignIfMatch_Returns412_AndChangesNothing(string ifMatch)
    {
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "submit", ifMatch);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("referral.version-stale", problem.GetProperty("code").GetString());
        Assert.Equal(("draft", 1), ((await Api.GetAsync(referral.Id)).Status, (await Api.GetAsync(referral.Id)).Version));
    }

    [Fact]
    public async Task ConcurrentChanges_WithTheSameETag_OneWinsAndTheOtherGets412()
    {
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));

        var responses = await Task.WhenAll(
            Api.PostAsync(referral.Id, "accept", referral.ETag),
            Api.PostAsync(referral.Id, "decline", referral.ETag, new JsonObject { ["reasonCode"] = "family-declined", ["comment"] = "Open elsewhere." }));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.PreconditionFailed],
            responses.Select(r => r.StatusCode).Order());
        Assert.Equal(referral.Version + 1, (await Api.GetAsync(referral.Id)).Version);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Accept_WhenRulesAreNotMet_Returns422WithTheUnmetRuleCodes()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        using var response = await Api.PostAsync(referral.Id, "accept", referral.ETag);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("referral.acceptance-criteria-not-met", problem.GetProperty("code").GetString());
        Assert.Equal(["consent.parent-carers"], Referral.Strings(problem.GetProperty("ruleCodes")));
        Assert.Equal("submitted", (await Api.GetAsync(referral.Id)).Status);
    }

    [Fact]
    public async Task Accept_ADraft_Returns409()
    {
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "accept", referral.ETag);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("referral.action-not-allowed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Decline_WithAnUnknownReason_Returns400NamingTheField()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        using var response = await Api.PostAsync(referral.Id, "decline", referral.ETag, new JsonObject { ["reasonCode"] = "bored", ["comment"] = "" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reasonCode", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("comment", out _), errors.GetRawText());
    }

    [Fact]
    public async Task Decline_WithACodedReason_RecordsItInHistory()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        referral = await Api.ChangeAsync(referral, "decline", JsonNode.Parse(Vig.Api.OpenApi.OpenApiExample.Decline));

        Assert.Equal(("declined", "another-service-better-placed"), (referral.Status, referral.Json.GetProperty("declineReason").GetString()));
    }

    [Fact]
    public async Task Withdraw_ADraft_KeepsEverything()
    {
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync());

        referral = await Api.ChangeAsync(referral, "withdraw", new JsonObject { ["reason"] = "Family moved away." });

        Assert.Equal("withdrawn", referral.Status);
        Assert.Equal(1, await Api.CountItemsAsync("consents"));
        Assert.Equal(2, await Api.CountItemsAsync("history"));
    }

    [Fact]
    public async Task RecordConsent_ForSomeoneNotOnTheReferral_Returns422()
    {
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "consents", referral.ETag, new JsonObject { ["parentCarerId"] = Guid.NewGuid(), ["kind"] = "takePartInVig", ["givenOn"] = Fixture.Factory.Clock.TodayText });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("consent.unknown-parent-carer", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Evaluation_OfADraft_ReportsWhatIsMissingToday_WithoutStoringIt()
    {
        var referral = await Api.CreateAsync();

        var evaluation = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/evaluation", UriKind.Relative));

        Assert.Equal("needsInformation", evaluation.GetProperty("verdict").GetString());
        Assert.Equal(18, evaluation.GetProperty("rules").GetArrayLength());
        Assert.Equal(0, await Api.CountItemsAsync("evaluations"));
    }

    [Fact]
    public async Task AcceptanceCheck_WithConsents_IsEligible_AndStoresNothing()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), new StringContent(Vig.Api.OpenApi.OpenApiExample.EligibleCheck, System.Text.Encoding.UTF8, "application/json"));
        var evaluation = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eligible", evaluation.GetProperty("verdict").GetString());
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task AcceptanceCheck_OfAnEmptyBody_ExplainsEveryGap()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(new JsonObject()));
        var evaluation = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("ineligible", evaluation.GetProperty("verdict").GetString());
        Assert.All(evaluation.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() != "met"),
            r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("whatToDo").GetString())));
    }

    [Fact]
    public async Task ReferenceData_ListsRulesRoutesAndDeclineReasons()
    {
        var rules = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/acceptance-rules", UriKind.Relative));
        var routes = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referral-routes", UriKind.Relative));
        var reasons = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/decline-reasons", UriKind.Relative));

        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("code").GetString() == "referrer.health-visitor-child-age"
            && r.GetProperty("kind").GetString() == "eligibility"
            && r.GetProperty("policyVersion").GetString() == "2026-11"
            && r.GetProperty("criterion").GetString()!.Contains("aged 4 or under", StringComparison.Ordinal));
        Assert.All(rules.EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("whatToDo").GetString())));
        Assert.Equal(["caseManagementDecision", "foundationsForLife"], routes.EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        Assert.Contains(reasons.EnumerateArray(), r => r.GetProperty("code").GetString() == "not-eligible");
    }

    [Fact]
    public async Task CorrelationId_IsEchoed_OrGenerated()
    {
        using var given = new HttpRequestMessage(HttpMethod.Get, "/api/v1/referral-routes");
        given.Headers.Add("X-Correlation-ID", "case-system-42");
        using var echoed = await Client.SendAsync(given);
        using var generated = await Client.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));

        Assert.Equal("case-system-42", echoed.Headers.GetValues("X-Correlation-ID").Single());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Correlation-ID").Single());
    }
}
