using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// Issue 9, items 7 and 8: a complete referral is Eligible in one call; the view shows the stored
/// and the live evaluation; allowedActions only offers what would succeed, and says what blocks the
/// rest; parent/carer ids are the service's; every rule says what it requires; one order everywhere.
/// </summary>
public sealed class SubmissionAndActionsTests(ApiFixture api) : ApiTestBase(api)
{
    // ---- One-call submission -------------------------------------------------------------------

    [Fact]
    public async Task CreateCompleteWithConsents_AndSubmit_IsEligibleInOneCall()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent(OpenApiExample.EligibleReferralWithSubmit, System.Text.Encoding.UTF8, "application/json"));
        var referral = await ReferralApi.ReadAsync(response, HttpStatusCode.Created);

        Assert.Equal(("submitted", "eligible", "eligible"), (referral.Status, referral.Verdict, referral.CurrentVerdict));
        Assert.Empty(referral.UnmetRules);
        var consent = Assert.Single(referral.Json.GetProperty("consents").EnumerateArray());
        Assert.Equal(referral.MotherId, consent.GetProperty("parentCarerId").GetString());
        Assert.Equal(("takePartInVig", "2026-11-10"), (consent.GetProperty("kind").GetString(), consent.GetProperty("givenOn").GetString()));
        Assert.Contains("accept", referral.AllowedActions);

        referral = await Api.ChangeAsync(referral, "accept");
        Assert.Equal("accepted", referral.Status);
    }

    [Fact]
    public async Task AcceptanceCheck_AndCreate_TakeTheSameBody_AndAgree()
    {
        var body = ReferralApi.EligibleBody(withConsents: true);

        using var checkedBody = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));
        var check = await checkedBody.Content.ReadFromJsonAsync<JsonElement>();
        body["submit"] = true;
        var created = await Api.CreateAsync(body);

        Assert.Equal(HttpStatusCode.OK, checkedBody.StatusCode);
        Assert.Equal(("eligible", "eligible"), (check.GetProperty("verdict").GetString(), created.Verdict));
    }

    // The check evaluates the body's facts directly, the create a stored referral built from them:
    // for any mix of consents both must give every rule the same outcome.
    [Theory]
    [InlineData("mother")]
    [InlineData("child")]
    [InlineData("none")]
    [InlineData("filmingOnly")]
    [InlineData("motherAndChild")]
    public async Task AcceptanceCheck_AndCreate_GiveEveryRuleTheSameOutcome(string consents)
    {
        var body = ReferralApi.EligibleBody(withConsents: true);
        var given = Fixture.Factory.Clock.TodayText;
        JsonNode Consent(int? parentCarerIndex, string kind) => parentCarerIndex is { } index
            ? new JsonObject { ["parentCarerIndex"] = index, ["kind"] = kind, ["givenOn"] = given }
            : new JsonObject { ["kind"] = kind, ["givenOn"] = given };
        body["consents"] = consents switch
        {
            "mother" => new JsonArray(Consent(0, "takePartInVig")),
            "child" => new JsonArray(Consent(null, "takePartInVig"), Consent(null, "beFilmed")),
            "none" => new JsonArray(),
            "filmingOnly" => new JsonArray(Consent(0, "beFilmed")),
            _ => new JsonArray(Consent(0, "takePartInVig"), Consent(null, "beFilmed")),
        };

        using var checkedBody = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));
        var check = await checkedBody.Content.ReadFromJsonAsync<JsonElement>();
        body["submit"] = true;
        var created = await Api.CreateAsync(body);
        var stored = created.Json.GetProperty("latestEvaluation");

        Assert.Equal(HttpStatusCode.OK, checkedBody.StatusCode);
        Assert.Equal(stored.GetProperty("verdict").GetString(), check.GetProperty("verdict").GetString());
        Assert.Equal(stored.GetProperty("rules").GetRawText(), check.GetProperty("rules").GetRawText());
    }

    [Theory]
    [InlineData(1, "consents[0].parentCarerIndex")]
    [InlineData(-1, "consents[0].parentCarerIndex")]
    public async Task Consent_NamingAParentCarerNotInTheBody_Returns400NamingIt_AndWritesNothing(int index, string field)
    {
        var body = ReferralApi.EligibleBody(submit: true, withConsents: true);
        body["consents"]![0]!["parentCarerIndex"] = index;

        using var created = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));
        using var checkedBody = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));

        foreach (var response in new[] { created, checkedBody })
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        }

        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    // ---- Stored and live evaluation -------------------------------------------------------------

    [Fact]
    public async Task RecordingAndWithdrawingConsent_ChangeTheLiveEvaluation_AndTheOfferedActions_NotTheStoredOne()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        Assert.Equal(("needsInformation", "needsInformation"), (referral.Verdict, referral.CurrentVerdict));
        Assert.DoesNotContain("accept", referral.AllowedActions);

        referral = await Api.RecordMotherConsentAsync(referral);

        Assert.Equal(("needsInformation", "eligible"), (referral.Verdict, referral.CurrentVerdict));
        Assert.Contains("accept", referral.AllowedActions);
        Assert.Empty(referral.BlockedActions);
        Assert.Equal(1, await Api.CountItemsAsync("evaluations"));

        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetGuid();
        referral = await Api.ChangeAsync(referral, $"consents/{consentId}/withdraw", new JsonObject());

        Assert.Equal(("needsInformation", "needsInformation"), (referral.Verdict, referral.CurrentVerdict));
        Assert.Equal(["consent.parent-carers"], Referral.Strings(referral.Json.GetProperty("currentEvaluation").GetProperty("unmetRules")));
        Assert.Equal(["accept", "withdrawConsent"], referral.BlockedActions);
    }

    [Fact]
    public async Task AFinishedReferral_HasNoLiveEvaluation_ButKeepsTheStoredOne()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        referral = await Api.ChangeAsync(referral, "withdraw", new JsonObject { ["reason"] = "Family moved away." });

        Assert.Equal(("needsInformation", null), (referral.Verdict, referral.CurrentVerdict));
        Assert.Empty(referral.AllowedActions);
        Assert.Empty(referral.BlockedActions);
    }

    // ---- Honest allowed actions ------------------------------------------------------------------

    [Fact]
    public async Task Accept_WhileNeedsInformation_IsNotOffered_ButShownBlocked_WithTheRulesThatBlockIt()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        Assert.DoesNotContain("accept", referral.AllowedActions);
        var blocked = Assert.Single(referral.Json.GetProperty("blockedActions").EnumerateArray(), b => b.GetProperty("action").GetString() == "accept");
        Assert.Equal("referral.acceptance-criteria-not-met", blocked.GetProperty("code").GetString());
        Assert.Equal(["consent.parent-carers"], Referral.Strings(blocked.GetProperty("ruleCodes")));
        Assert.False(string.IsNullOrWhiteSpace(blocked.GetProperty("reason").GetString()));

        using var accept = await Api.PostAsync(referral.Id, "accept", referral.ETag);
        var problem = await ProblemAssert.IsProblemAsync(accept, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(blocked.GetProperty("code").GetString(), problem.GetProperty("code").GetString());
        Assert.Equal(Referral.Strings(blocked.GetProperty("ruleCodes")), Referral.Strings(problem.GetProperty("ruleCodes")));
    }

    [Fact]
    public async Task WithdrawConsent_IsNotOffered_WhereNoConsentIsInForce()
    {
        var referral = await Api.CreateAsync();

        Assert.DoesNotContain("withdrawConsent", referral.AllowedActions);
        Assert.Equal(["withdrawConsent"], referral.BlockedActions);
    }

    [Fact]
    public async Task Allocate_WhileANeededConsentIsWithdrawn_IsNotOffered_ButShownBlocked()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        referral = await Api.ChangeAsync(referral, "accept");
        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetGuid();

        referral = await Api.ChangeAsync(referral, $"consents/{consentId}/withdraw", new JsonObject());

        Assert.DoesNotContain("allocate", referral.AllowedActions);
        var blocked = Assert.Single(referral.Json.GetProperty("blockedActions").EnumerateArray(), b => b.GetProperty("action").GetString() == "allocate");
        Assert.Equal("referral.consent-required", blocked.GetProperty("code").GetString());
        Assert.Equal(["consent.parent-carers"], Referral.Strings(blocked.GetProperty("ruleCodes")));
    }

    public static TheoryData<string> States => ["draft", "draft without consent", "submitted, needs consent", "submitted, eligible", "information requested", "accepted", "accepted, consent withdrawn", "allocated", "declined"];

    [Theory]
    [MemberData(nameof(States))]
    public async Task EveryOfferedAction_Succeeds_WhenTakenOnACopy(string state)
    {
        var offered = (await ReachAsync(state)).AllowedActions;

        foreach (var action in offered)
        {
            var copy = await ReachAsync(state);
            var (path, body) = Request(copy, action);

            using var response = path == "PUT" ? await PutAsync(copy, body!) : await Api.PostAsync(copy.Id, path, copy.ETag, body);

            Assert.True(response.IsSuccessStatusCode, $"{state}: '{action}' was offered but answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Actions_DependOnTheCallersScopes()
    {
        using var submitter = Fixture.CreateClient("case-system-b", Vig.Application.Common.Scopes.Submit, Vig.Application.Common.Scopes.Read);
        var own = new ReferralApi(Fixture, submitter);

        var referral = await own.CreateAsync(ReferralApi.EligibleBody(submit: true));

        Assert.Equal(["withdraw", "recordConsent", "recordQuestionnaire"], referral.AllowedActions);
        Assert.Equal(["withdrawConsent"], referral.BlockedActions);
    }

    // ---- Server-owned parent/carer ids -------------------------------------------------------------

    [Fact]
    public async Task Create_WithAParentCarerId_Returns400NamingIt_AndWritesNothing()
    {
        var body = ReferralApi.EligibleBody();
        body["parentCarers"]![0]!["id"] = Guid.NewGuid();

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentCarers[0].id", out var messages), problem.GetRawText());
        Assert.Contains("Leave the id out", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task Put_WithAnotherReferralsParentCarerId_Returns400NamingIt_AndChangesNothing()
    {
        var first = await Api.CreateAsync();
        var second = await Api.CreateAsync();
        Assert.NotEqual(first.MotherId, second.MotherId);

        var body = ReferralApi.EligibleBody();
        body["parentCarers"]![0]!["id"] = first.MotherId;
        using var response = await PutAsync(second, body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentCarers[0].id", out _), problem.GetRawText());
        Assert.Equal(second.Json.GetRawText(), (await Api.GetAsync(second.Id)).Json.GetRawText());
    }

    [Fact]
    public async Task Put_SendingBackTheIds_KeepsTheConsentsLinked()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(withConsents: true));
        var body = ReferralApi.EligibleBody();
        body["parentCarers"]![0]!["id"] = referral.MotherId;
        body["parentCarers"]!.AsArray().Add(new JsonObject { ["name"] = "Sam Example", ["relationship"] = "father", ["takesPart"] = false });

        using var response = await PutAsync(referral, body);
        var edited = await ReferralApi.ReadAsync(response, HttpStatusCode.OK);

        Assert.Equal(referral.MotherId, edited.MotherId);
        Assert.Equal("eligible", edited.CurrentVerdict);
        Assert.Equal(2, edited.Json.GetProperty("parentCarers").GetArrayLength());
    }

    // ---- Rule texts -------------------------------------------------------------------------------

    [Fact]
    public async Task EveryRuleResult_SaysWhatItRequires_AndUnmetOnesWhatToDo()
    {
        var referral = await Api.CreateAsync(new JsonObject { ["submit"] = true });
        var live = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/evaluation", UriKind.Relative));

        var evaluations = new[] { referral.Json.GetProperty("latestEvaluation"), referral.Json.GetProperty("currentEvaluation"), live };
        foreach (var evaluation in evaluations)
        {
            Assert.Equal(18, evaluation.GetProperty("rules").GetArrayLength());
            Assert.All(evaluation.GetProperty("rules").EnumerateArray(), rule =>
            {
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("criterion").GetString()), rule.GetRawText());
                var met = rule.GetProperty("outcome").GetString() == "met";
                Assert.Equal(met, rule.GetProperty("whatToDo").ValueKind == JsonValueKind.Null);
                Assert.True(met || !string.IsNullOrWhiteSpace(rule.GetProperty("whatToDo").GetString()), rule.GetRawText());
            });
        }
    }

    // ---- One order ---------------------------------------------------------------------------------

    [Fact]
    public async Task Concerns_AreInCatalogueOrder_InTheCreateAnswer_OnGet_AndInTheList()
    {
        var body = ReferralApi.EligibleBody();
        body["concerns"] = new JsonArray("autism", "child-point-of-view", "perinatal-mental-health");

        var created = await Api.CreateAsync(body);
        var read = await Api.GetAsync(created.Id);
        var list = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referrals", UriKind.Relative));

        string[] catalogueOrder = ["perinatal-mental-health", "child-point-of-view", "autism"];
        Assert.Equal(catalogueOrder, Referral.Strings(created.Json.GetProperty("concerns")));
        Assert.Equal(catalogueOrder, Referral.Strings(read.Json.GetProperty("concerns")));
        Assert.Equal(catalogueOrder, Referral.Strings(list.GetProperty("items")[0].GetProperty("concerns")));
    }

    [Fact]
    public async Task ParentCarers_AndConsents_ReadBackInTheOrderGiven_AlsoAfterAReorderingPut()
    {
        var body = ReferralApi.EligibleBody(withConsents: true);
        string[] names = ["Jo Example", "Sam Example", "Kim Example", "Ali Example"];
        body["parentCarers"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["relationship"] = "other", ["takesPart"] = true })]);
        body["consents"] = new JsonArray([.. ConsentOrder.Select(i => (JsonNode)new JsonObject { ["parentCarerIndex"] = i, ["kind"] = "takePartInVig", ["givenOn"] = Fixture.Factory.Clock.TodayText })]);

        var created = await Api.CreateAsync(body);
        var ids = ParentCarerIds(created);
        Assert.Equal(names, created.Json.GetProperty("parentCarers").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(ConsentOrder.Select(i => ids[i]), ConsentParentCarerIds(created));
        Assert.Equal(created.Json.GetRawText(), (await Api.GetAsync(created.Id)).Json.GetRawText());

        var reversed = ReferralApi.EligibleBody();
        reversed["parentCarers"] = new JsonArray([.. Enumerable.Range(0, 4).Reverse().Select(i => (JsonNode)new JsonObject { ["id"] = ids[i], ["name"] = names[i], ["relationship"] = "other", ["takesPart"] = true })]);
        using var put = await PutAsync(created, reversed);
        await ReferralApi.ReadAsync(put, HttpStatusCode.OK);

        var read = await Api.GetAsync(created.Id);
        Assert.Equal([.. ids.AsEnumerable().Reverse()], ParentCarerIds(read));
        Assert.Equal(ConsentOrder.Select(i => ids[i]), ConsentParentCarerIds(read));
        Assert.Equal("eligible", read.CurrentVerdict);
    }

    /// <summary>The parent/carers (by position in the body) whose consents are sent, in this order.</summary>
    private static readonly int[] ConsentOrder = [2, 0, 3, 1];

    private static List<string> ParentCarerIds(Referral referral) =>
        [.. referral.Json.GetProperty("parentCarers").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];

    private static List<string> ConsentParentCarerIds(Referral referral) =>
        [.. referral.Json.GetProperty("consents").EnumerateArray().Select(c => c.GetProperty("parentCarerId").GetString()!)];

    /// <summary>A fresh referral in the named state, reached through the API.</summary>
    private async Task<Referral> ReachAsync(string state)
    {
        var withConsent = state is not ("draft without consent" or "submitted, needs consent");
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(withConsents: withConsent));
        if (state is "draft" or "draft without consent")
        {
            return referral;
        }

        referral = await Api.ChangeAsync(referral, "submit");
        switch (state)
        {
            case "information requested":
                return await Api.ChangeAsync(referral, "request-information", new JsonObject { ["ruleCodes"] = new JsonArray("views.impact-on-child") });
            case "declined":
                return await Api.ChangeAsync(referral, "decline", JsonNode.Parse(OpenApiExample.Decline));
            case "submitted, needs consent" or "submitted, eligible":
                return referral;
        }

        referral = await Api.ChangeAsync(referral, "accept");
        if (state == "accepted, consent withdrawn")
        {
            return await Api.ChangeAsync(referral, $"consents/{referral.Json.GetProperty("consents")[0].GetProperty("id").GetGuid()}/withdraw", new JsonObject());
        }

        return state == "allocated" ? await Api.ChangeAsync(referral, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" }) : referral;
    }

    /// <summary>The request a client following the offer would send, with well-formed input.</summary>
    private static (string Path, JsonNode? Body) Request(Referral referral, string action) => action switch
    {
        "edit" => ("PUT", EditBody(referral)),
        "submit" => ("submit", null),
        "requestInformation" => ("request-information", new JsonObject { ["ruleCodes"] = new JsonArray("views.impact-on-child"), ["comment"] = "Please say more." }),
        "accept" => ("accept", null),
        "decline" => ("decline", JsonNode.Parse(OpenApiExample.Decline)),
        "allocate" => ("allocate", new JsonObject { ["practitioner"] = "Practitioner One" }),
        "close" => ("close", new JsonObject { ["outcome"] = "completed" }),
        "withdraw" => ("withdraw", new JsonObject { ["reason"] = "Family moved away." }),
        "recordConsent" => ("consents", new JsonObject { ["parentCarerId"] = referral.MotherId, ["kind"] = "takePartInVig", ["givenOn"] = "2026-11-10" }),
        "withdrawConsent" => ($"consents/{referral.Json.GetProperty("consents").EnumerateArray().First(c => c.GetProperty("inForce").GetBoolean()).GetProperty("id").GetGuid()}/withdraw", new JsonObject()),
        "recordQuestionnaire" => ("questionnaires", ReferralApi.PrfqForm(referral.MotherId)),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "An action this test does not know: add how a client takes it."),
    };

    private static JsonObject EditBody(Referral referral)
    {
        var body = ReferralApi.EligibleBody();
        body["parentCarers"]![0]!["id"] = referral.MotherId;
        return body;
    }

    private async Task<HttpResponseMessage> PutAsync(Referral referral, JsonNode body)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(body) };
        put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
        return await Client.SendAsync(put);
    }
}
