using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

public sealed class JourneyTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task FullJourney_FromDraftToClosed_WithHistoryAndAllowedActionsAtEachStep()
    {
        var incomplete = ReferralApi.EligibleBody();
        incomplete["views"]!["changeMutuallyAgreed"] = false;
        var referral = await Api.CreateAsync(incomplete);
        Assert.Equal(("draft", null), (referral.Status, referral.Verdict));
        Assert.Equal(["edit", "submit", "withdraw", "recordConsent", "recordQuestionnaire"], referral.AllowedActions);
        Assert.Equal(["withdrawConsent"], referral.BlockedActions);

        referral = await Api.RecordMotherConsentAsync(referral);
        referral = await Api.ChangeAsync(referral, "submit");
        Assert.Equal(("submitted", "needsInformation"), (referral.Status, referral.Verdict));
        Assert.Equal(["views.hoped-for-change"], referral.UnmetRules);
        Assert.Equal(["requestInformation", "decline", "withdraw", "recordConsent", "withdrawConsent", "recordQuestionnaire"], referral.AllowedActions);
        Assert.Equal(["accept"], referral.BlockedActions);

        referral = await Api.ChangeAsync(referral, "request-information", new JsonObject { ["comment"] = "Please confirm the hoped-for change is agreed." });
        Assert.Equal("informationRequested", referral.Status);
        Assert.Equal(["views.hoped-for-change"], Referral.Strings(referral.Json.GetProperty("requestedInformation")));
        Assert.Equal(["edit", "submit", "decline", "withdraw", "recordConsent", "withdrawConsent", "recordQuestionnaire"], referral.AllowedActions);

        var complete = ReferralApi.EligibleBody();
        complete["parentCarers"]![0]!["id"] = referral.MotherId;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(complete) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
            referral = await ReferralApi.ReadAsync(await Client.SendAsync(put), HttpStatusCode.OK);
        }

        Assert.Equal("informationRequested", referral.Status);

        referral = await Api.ChangeAsync(referral, "submit");
        Assert.Equal(("submitted", "eligible"), (referral.Status, referral.Verdict));
        Assert.Empty(referral.UnmetRules);
        Assert.Equal(["requestInformation", "accept", "decline", "withdraw", "recordConsent", "withdrawConsent", "recordQuestionnaire"], referral.AllowedActions);
        Assert.Empty(referral.BlockedActions);

        referral = await Api.ChangeAsync(referral, "accept");
        Assert.Equal("accepted", referral.Status);
        Assert.Equal(["allocate", "withdraw", "recordConsent", "withdrawConsent", "recordQuestionnaire"], referral.AllowedActions);

        referral = await Api.ChangeAsync(referral, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" });
        Assert.Equal(("allocated", "Practitioner One"), (referral.Status, referral.Json.GetProperty("allocatedTo").GetString()));
        Assert.Equal(["close", "withdraw", "recordConsent", "withdrawConsent", "recordQuestionnaire"], referral.AllowedActions);

        referral = await Api.ChangeAsync(referral, "close", new JsonObject { ["outcome"] = "completed", ["comment"] = "Goals met." });
        Assert.Equal(("closed", "completed"), (referral.Status, referral.Json.GetProperty("outcome").GetString()));

        // Closed is finished; the VIG team may still keep a form completed after VIG (ADR 0033).
        Assert.Equal(["recordQuestionnaire"], referral.AllowedActions);

        var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/history", UriKind.Relative));
        Assert.Equal(
            ["draft", "submitted", "informationRequested", "submitted", "accepted", "allocated", "closed"],
            history.EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("from").ValueKind);
        Assert.Equal("Please confirm the hoped-for change is agreed.", history[2].GetProperty("comment").GetString());
        Assert.Equal(("completed", "Goals met."), (history[6].GetProperty("reasonCode").GetString(), history[6].GetProperty("comment").GetString()));
        Assert.Equal(3, await Api.CountItemsAsync("evaluations"));
    }

    [Fact]
    public async Task TwelveYearOldWithoutFilmingConsent_NeedsInformation()
    {
        var body = ReferralApi.EligibleBody(submit: true);
        body["child"]!["dateOfBirth"] = Fixture.Factory.Clock.Today.AddYears(-12).AddMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(body));

        var evaluation = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/evaluation", UriKind.Relative));

        Assert.Equal("needsInformation", evaluation.GetProperty("verdict").GetString());
        Assert.Equal(["consent.child-filming"], Referral.Strings(evaluation.GetProperty("unmetRules")));
    }

    [Fact]
    public async Task HealthVisitorReferringASixYearOld_IsIneligible()
    {
        var body = ReferralApi.EligibleBody(submit: true);
        body["referrer"]!["role"] = "healthVisitor";
        body["child"]!["dateOfBirth"] = Fixture.Factory.Clock.Today.AddYears(-6).AddMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var referral = await Api.CreateAsync(body);

        Assert.Equal("ineligible", referral.Verdict);
        Assert.Contains("referrer.health-visitor-child-age", referral.UnmetRules);
    }

    [Fact]
    public async Task FflReferralWithoutPlanReference_IsIneligible()
    {
        var body = ReferralApi.EligibleBody(submit: true);
        body["route"] = new JsonObject { ["kind"] = "foundationsForLife" };

        var referral = await Api.CreateAsync(body);

        Assert.Equal("ineligible", referral.Verdict);
        Assert.Equal(["route.reference", "consent.parent-carers"], referral.UnmetRules);
    }

    [Fact]
    public async Task ConsentWithdrawnAfterAcceptance_BlocksAllocation_UntilGivenAgain()
    {
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));
        referral = await Api.ChangeAsync(referral, "accept");
        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetGuid();
        referral = await Api.ChangeAsync(referral, $"consents/{consentId}/withdraw", new JsonObject());
        Assert.False(referral.Json.GetProperty("consents")[0].GetProperty("inForce").GetBoolean());

        using var blocked = await Api.PostAsync(referral.Id, "allocate", referral.ETag, new JsonObject { ["practitioner"] = "P" });
        var problem = await ProblemAssert.IsProblemAsync(blocked, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("referral.consent-required", problem.GetProperty("code").GetString());
        Assert.Equal(["consent.parent-carers"], Referral.Strings(problem.GetProperty("ruleCodes")));

        referral = await Api.RecordMotherConsentAsync(referral);
        referral = await Api.ChangeAsync(referral, "allocate", new JsonObject { ["practitioner"] = "P" });
        Assert.Equal("allocated", referral.Status);
        Assert.Equal(2, referral.Json.GetProperty("consents").GetArrayLength());
    }
}
