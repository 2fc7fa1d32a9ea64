using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// Input a fuzzer finds: control characters, odd charsets, null array elements, impossible dates
/// and invisible text. Each is refused as bad input (never a 500) and leaves the database as it was.
/// </summary>
public sealed class HostileInputTests(ApiFixture api) : ApiTestBase(api)
{
    private const string Nul = "\u0000";

    // ---- Control characters -------------------------------------------------------------------

    public static TheoryData<string, string> ReferralTextFields => new()
    {
        { "route.reference", Nul },
        { "referrer.name", Nul },
        { "referrer.team", Nul },
        { "referrer.email", Nul },
        { "referrer.phone", Nul },
        { "child.name", Nul },
        { "child.externalCaseId", Nul },
        { "parentCarers[0].name", Nul },
        { "concerns[0]", Nul },
        { "concernAccount", Nul },
        { "readiness.assessmentSummary", Nul },
        { "views.hopedForChange", Nul },
        { "views.impactOnChild", Nul },
        { "child.name", "\u001b" },
        { "referrer.name", "\u007f" },
        { "concernAccount", "\u0085" },
        { "child.name", "\n" },
        { "referrer.team", "\t" },
        { "child.externalCaseId", "\r" },
    };

    [Theory]
    [MemberData(nameof(ReferralTextFields))]
    public async Task CreateReferral_WithAControlCharacterInAField_Returns400NamingIt_AndWritesNothing(string field, string control)
    {
        var body = ReferralApi.EligibleBody(submit: true);
        Set(body, field, $"Jo{control}Example");

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        await AssertNamesAsync(response, field, "control characters");
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Theory]
    [InlineData("child.name")]
    [InlineData("readiness.assessmentSummary")]
    public async Task UpdateAndCheck_WithNulInAField_Return400NamingIt_AndChangeNothing(string field)
    {
        var referral = await Api.CreateAsync();
        var body = ReferralApi.EligibleBody();
        Set(body, field, "a" + Nul);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(body) };
        update.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
        using var updated = await Client.SendAsync(update);
        using var check = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));

        await AssertNamesAsync(updated, field, "control characters");
        await AssertNamesAsync(check, field, "control characters");
        await AssertUnchangedAsync(referral);
    }

    public static TheoryData<string, string, string> TransitionTextFields => new()
    {
        { "decline", """{ "reasonCode": "duplicate", "comment": "Already open.\u0000" }""", "comment" },
        { "decline", """{ "reasonCode": "duplicate\u0000", "comment": "Already open." }""", "reasonCode" },
        { "request-information", """{ "ruleCodes": ["views.hoped-for-change"], "comment": "\u0000" }""", "comment" },
        { "request-information", """{ "ruleCodes": ["views.hoped-for-change\u0000"], "comment": "Please say more." }""", "ruleCodes[0]" },
        { "request-information", """{ "ruleCodes": ["views.hoped-for-change\n"] }""", "ruleCodes[0]" },
        { "withdraw", """{ "reason": "The family\u0000moved." }""", "reason" },
        { "allocate", """{ "practitioner": "Practitioner\u0000One" }""", "practitioner" },
        { "allocate", """{ "practitioner": "Practitioner\nOne" }""", "practitioner" },
        { "close", """{ "outcome": "other", "comment": "Ended\u0000." }""", "comment" },
    };

    [Theory]
    [MemberData(nameof(TransitionTextFields))]
    public async Task Transition_WithAControlCharacterInItsBody_Returns400NamingIt_AndChangesNothing(string action, string body, string field)
    {
        var referral = await ReferralReadyForAsync(action);

        using var response = await Api.PostAsync(referral.Id, action, referral.ETag, JsonNode.Parse(body));

        await AssertNamesAsync(response, field, "control characters");
        await AssertUnchangedAsync(referral);
    }

    [Theory]
    [InlineData("externalCaseId", "CASE%001", "control characters")]
    [InlineData("externalCaseId", "CASE%0A1", "control characters")]
    [InlineData("concern", "autism%00", "control characters")]
    [InlineData("status", "draft%00", "use one of")] // an enum parameter: refused as not one of its values
    [InlineData("cursor", "abc%00", "control characters")]
    public async Task ListReferrals_WithAControlCharacterInAParameter_Returns400NamingIt(string parameter, string value, string saying)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?{parameter}={value}", UriKind.Relative));

        await AssertNamesAsync(response, parameter, saying);
    }

    [Fact]
    public async Task FreeText_KeepsLineBreaksAndTabs()
    {
        var body = ReferralApi.EligibleBody();
        body["concernAccount"] = "First line.\r\nSecond line,\tindented.";

        var referral = await Api.CreateAsync(body);

        Assert.Equal("First line.\r\nSecond line,\tindented.", referral.Json.GetProperty("concernAccount").GetString());
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("a\\ud83d")]
    public async Task LoneSurrogate_Returns400NamingTheField_AndWritesNothing(string escaped)
    {
        var referral = await ReferralReadyForAsync("decline");
        var create = ReferralApi.EligibleBody().ToJsonString().Replace("\"Alex Example\"", $"\"{escaped}\"", StringComparison.Ordinal);

        using var created = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent(create, Encoding.UTF8, "application/json"));
        using var decline = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{referral.Id}/decline")
        {
            Content = new StringContent($$"""{ "reasonCode": "duplicate", "comment": "x{{escaped}}" }""", Encoding.UTF8, "application/json"),
        };
        decline.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
        using var declined = await Client.SendAsync(decline);

        await AssertNamesAsync(created, "child.name", "");
        await AssertNamesAsync(declined, "comment", "");
        Assert.Equal(1, await Api.CountAsync("referrals"));
        await AssertUnchangedAsync(referral);
    }

    // ---- Charsets -----------------------------------------------------------------------------

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json;charset=Utf-8")]
    [InlineData("application/json")]
    public async Task Utf8_SpelledAnyWay_IsAccepted(string contentType)
    {
        using var response = await PostWithContentTypeAsync("/api/v1/referrals", ReferralApi.EligibleBody().ToJsonString(), contentType);

        await ReferralApi.ReadAsync(response, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("application/json; charset=utf-7", "utf-7")]
    [InlineData("application/json; charset=latin1", "latin1")]
    [InlineData("application/json; charset=\"iso-8859-1\"", "iso-8859-1")]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/json; charset=klingon", "klingon")]
    [InlineData("application/json; charset=utf-8; charset=latin1", "latin1")]
    [InlineData("application/json; charset=", "empty")]
    [InlineData("application/json; charset=\"\"", "empty")]
    [InlineData("application/json; charset", "empty")]
    public async Task AnyOtherCharset_Returns415NamingIt_AndWritesNothing(string contentType, string named)
    {
        var referral = await Api.CreateAsync();

        using var created = await PostWithContentTypeAsync("/api/v1/referrals", ReferralApi.EligibleBody().ToJsonString(), contentType);
        using var checkedBody = await PostWithContentTypeAsync("/api/v1/acceptance-checks", ReferralApi.EligibleBody().ToJsonString(), contentType);

        foreach (var response in new[] { created, checkedBody })
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("request.unsupported-charset", problem.GetProperty("code").GetString());
            var title = problem.GetProperty("title").GetString()!;
            Assert.Contains(named, title, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("UTF-8", title, StringComparison.Ordinal);
        }

        Assert.Equal(1, await Api.CountAsync("referrals"));
        await AssertUnchangedAsync(referral);
    }

    // ---- Null array elements ------------------------------------------------------------------

    public static TheoryData<string, string, string> NullElements => new()
    {
        { "/api/v1/referrals", """{ "parentCarers": [null] }""", "parentCarers[0]" },
        { "/api/v1/referrals", """{ "parentCarers": [{ "name": "Jo Example", "relationship": "mother" }, null] }""", "parentCarers[1]" },
        { "/api/v1/referrals", """{ "concerns": ["autism", null] }""", "concerns[1]" },
        { "/api/v1/acceptance-checks", """{ "consents": [null] }""", "consents[0]" },
        { "/api/v1/acceptance-checks", """{ "parentCarers": [null], "consents": [null] }""", "parentCarers[0]" },
    };

    [Theory]
    [MemberData(nameof(NullElements))]
    public async Task NullArrayElement_Returns400NamingTheElement_AndWritesNothing(string path, string body, string field)
    {
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field, "null");
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task NullRuleCode_Returns400NamingTheElement_AndChangesNothing()
    {
        var referral = await ReferralReadyForAsync("request-information");

        using var response = await Api.PostAsync(referral.Id, "request-information", referral.ETag, JsonNode.Parse("""{ "ruleCodes": ["views.hoped-for-change", null] }"""));

        await AssertNamesAsync(response, "ruleCodes[1]", "null");
        await AssertUnchangedAsync(referral);
    }

    // ---- Dates --------------------------------------------------------------------------------

    [Theory]
    [InlineData("child.dateOfBirth", "9999-12-31")]
    [InlineData("child.dateOfBirth", "tomorrow")]
    [InlineData("child.dateOfBirth", "1899-12-31")]
    [InlineData("child.dateOfBirth", "0001-01-01")]
    [InlineData("readiness.explainerVideoShownOn", "tomorrow")]
    [InlineData("readiness.explainerVideoShownOn", "0001-01-01")]
    [InlineData("readiness.explainerVideoShownOn", "2020-06-14")]
    public async Task ImpossibleDate_InAReferral_Returns400NamingIt_AndWritesNothing(string field, string date)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var body = ReferralApi.EligibleBody(submit: true);
        Set(body, field, Date(date, today));

        using var created = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));
        using var checkedBody = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));

        await AssertNamesAsync(created, field, "");
        await AssertNamesAsync(checkedBody, field, "");
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Theory]
    [InlineData("1900-01-01", "1900-01-01")]
    [InlineData("today", "today")]
    [InlineData("2020-06-15", "2020-06-15")]
    public async Task DatesAtTheirLimits_AreAccepted(string dateOfBirth, string videoShownOn)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var body = ReferralApi.EligibleBody();
        body["child"]!["dateOfBirth"] = Date(dateOfBirth, today);
        body["readiness"]!["explainerVideoShownOn"] = Date(videoShownOn, today);

        var referral = await Api.CreateAsync(body);

        Assert.Equal(Date(dateOfBirth, today), referral.Json.GetProperty("child").GetProperty("dateOfBirth").GetString());
    }

    [Fact]
    public async Task ChildBornToday_IsBornOnTheReferralDate()
    {
        var today = Fixture.Factory.Clock.Freeze();
        var body = ReferralApi.EligibleBody(submit: true);
        body["child"]!["dateOfBirth"] = Date("today", today);
        body["readiness"]!["explainerVideoShownOn"] = Date("today", today);

        var referral = await Api.CreateAsync(body);

        Assert.DoesNotContain("child.born", referral.UnmetRules);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31")]
    public async Task RecordConsent_OnAnImpossibleDate_Returns400NamingGivenOn_AndChangesNothing(string date)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "consents", referral.ETag, Consent(Date(date, today), referral.MotherId));

        await AssertNamesAsync(response, "givenOn", "");
        await AssertUnchangedAsync(referral);
    }

    [Fact]
    public async Task RecordConsent_BeforeTheChildWasBorn_Returns422_AndChangesNothing()
    {
        var referral = await Api.CreateAsync();

        using var response = await Api.PostAsync(referral.Id, "consents", referral.ETag, Consent("2020-06-14", referral.MotherId));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("consent.before-birth", problem.GetProperty("code").GetString());
        Assert.Contains("before the child's date of birth", problem.GetProperty("errors").GetProperty("givenOn")[0].GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(referral);
    }

    [Fact]
    public async Task RecordConsent_BeyondTheDocumentedMost_Returns422_AndChangesNothing_ButWithdrawalStillWorks()
    {
        var document = await OpenApiDocument.ReadAsync(Client);
        var most = OpenApiDocument.Schema(document, "ReferralResponse").GetProperty("properties").GetProperty("consents").GetProperty("maxItems").GetInt32();
        var body = ReferralApi.EligibleBody();
        body["consents"] = new JsonArray([.. Enumerable.Range(0, most).Select(_ => GivenConsent("2026-11-10"))]);
        var referral = await Api.CreateAsync(body); // a new referral may carry as many as a referral keeps

        using var response = await Api.PostAsync(referral.Id, "consents", referral.ETag, Consent("2026-11-10", referral.MotherId));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(Domain.Referrals.Referral.MaxConsents, most);
        Assert.Equal("consent.limit-reached", problem.GetProperty("code").GetString());
        Assert.Contains($"{most} consents", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(referral);
        Assert.Equal(most, referral.Json.GetProperty("consents").GetArrayLength());
        Assert.DoesNotContain("recordConsent", referral.AllowedActions);
        Assert.Equal("consent.limit-reached", referral.Json.GetProperty("blockedActions").EnumerateArray().Single(b => b.GetProperty("action").GetString() == "recordConsent").GetProperty("code").GetString());
        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetString();
        await Api.ChangeAsync(referral, $"consents/{consentId}/withdraw");
    }

    [Fact]
    public async Task RecordConsent_OnTheDayTheChildWasBorn_IsAccepted()
    {
        var referral = await Api.CreateAsync();

        var after = await Api.ChangeAsync(referral, "consents", Consent("2020-06-15", referral.MotherId), HttpStatusCode.Created);

        Assert.Equal("2020-06-15", after.Json.GetProperty("consents")[0].GetProperty("givenOn").GetString());
    }

    [Theory]
    [InlineData("tomorrow", "consents[0].givenOn")]
    [InlineData("0001-01-01", "consents[0].givenOn")]
    [InlineData("2020-06-14", "consents[0].givenOn")]
    public async Task AcceptanceCheck_WithAConsentOnAnImpossibleDate_Returns400NamingIt(string date, string field)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var body = ReferralApi.EligibleBody();
        body["consents"] = new JsonArray(GivenConsent(Date(date, today)));

        using var response = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(body));

        await AssertNamesAsync(response, field, "");
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("0001-01-01")]
    public async Task WithdrawConsent_OnAnImpossibleDate_Returns400NamingWithdrawnOn_AndChangesNothing(string date)
    {
        var today = Fixture.Factory.Clock.Freeze();
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync());
        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetGuid();

        using var response = await Api.PostAsync(referral.Id, $"consents/{consentId}/withdraw", referral.ETag, new JsonObject { ["withdrawnOn"] = Date(date, today) });

        await AssertNamesAsync(response, "withdrawnOn", "");
        await AssertUnchangedAsync(referral);
    }

    // ---- Invisible text -----------------------------------------------------------------------

    public static TheoryData<string, string> RequiredReferralText => new()
    {
        { "referrer.name", "\u200b\u200b" },
        { "child.name", "\ufeff \u200d" },
        { "parentCarers[0].name", "\u2060\u00a0\u200b" },
    };

    [Theory]
    [MemberData(nameof(RequiredReferralText))]
    public async Task RequiredText_OfOnlyInvisibleCharacters_Returns400AskingForIt_AndWritesNothing(string field, string text)
    {
        var body = ReferralApi.EligibleBody();
        Set(body, field, text);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        await AssertNamesAsync(response, field, "Give the");
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Theory]
    [InlineData("decline", """{ "reasonCode": "duplicate", "comment": "\u200b\u200b" }""", "comment")]
    [InlineData("withdraw", """{ "reason": "\ufeff" }""", "reason")]
    [InlineData("allocate", """{ "practitioner": "\u200d \u200b" }""", "practitioner")]
    public async Task RequiredTransitionText_OfOnlyInvisibleCharacters_Returns400_AndChangesNothing(string action, string body, string field)
    {
        var referral = await ReferralReadyForAsync(action);

        using var response = await Api.PostAsync(referral.Id, action, referral.ETag, JsonNode.Parse(body));

        await AssertNamesAsync(response, field, "");
        await AssertUnchangedAsync(referral);
    }

    [Fact]
    public async Task ClosingAsOther_WithAnInvisibleComment_IsRefusedAsHavingNoComment()
    {
        var referral = await ReferralReadyForAsync("close");

        using var response = await Api.PostAsync(referral.Id, "close", referral.ETag, JsonNode.Parse("""{ "outcome": "other", "comment": "\u200b" }"""));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("referral.comment-required", problem.GetProperty("code").GetString());
        await AssertUnchangedAsync(referral);
    }

    [Fact]
    public async Task OptionalText_OfOnlyInvisibleCharacters_IsStoredAsAbsent_AndNamesAreTrimmed()
    {
        var body = ReferralApi.EligibleBody();
        body["referrer"]!["team"] = "\u200b";
        body["referrer"]!["email"] = "\ufeff ";
        body["concernAccount"] = "\u200b\u00a0\u200d";
        body["views"]!["hopedForChange"] = "\u2060";
        body["child"]!["name"] = "\u200bAlex Example\ufeff";

        var referral = await Api.CreateAsync(body);

        Assert.Equal(JsonValueKind.Null, referral.Json.GetProperty("referrer").GetProperty("team").ValueKind);
        Assert.Equal(JsonValueKind.Null, referral.Json.GetProperty("referrer").GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, referral.Json.GetProperty("concernAccount").ValueKind);
        Assert.Equal(JsonValueKind.Null, referral.Json.GetProperty("views").GetProperty("hopedForChange").ValueKind);
        Assert.Equal("Alex Example", referral.Json.GetProperty("child").GetProperty("name").GetString());
    }

    // ---- Helpers ------------------------------------------------------------------------------

    /// <summary>A referral in the status where <paramref name="action"/> is allowed.</summary>
    private async Task<Referral> ReferralReadyForAsync(string action)
    {
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));
        if (action is "allocate" or "close")
        {
            referral = await Api.ChangeAsync(referral, "accept");
        }

        if (action is "close")
        {
            referral = await Api.ChangeAsync(referral, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" });
        }

        return referral;
    }

    private async Task AssertUnchangedAsync(Referral before)
    {
        var after = await Api.GetAsync(before.Id);
        Assert.Equal((before.Status, before.Version), (after.Status, after.Version));
        Assert.Equal(before.Json.GetProperty("consents").GetRawText(), after.Json.GetProperty("consents").GetRawText());
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field, string saying)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"Expected an error for '{field}': {errors.GetRawText()}");
        var text = string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(saying, text, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> PostWithContentTypeAsync(string path, string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static JsonObject Consent(string givenOn, string parentCarerId) =>
        new() { ["parentCarerId"] = parentCarerId, ["kind"] = "takePartInVig", ["givenOn"] = givenOn };

    /// <summary>A consent sent with a new referral's content, naming the first parent/carer of the body.</summary>
    private static JsonObject GivenConsent(string givenOn) =>
        new() { ["parentCarerIndex"] = 0, ["kind"] = "takePartInVig", ["givenOn"] = givenOn };

    private static string Date(string text, DateOnly today) => text switch
    {
        "today" => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "tomorrow" => today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => text,
    };

    /// <summary>Sets a value at a JSON path such as "parentCarers[0].name".</summary>
    private static void Set(JsonObject body, string path, string value)
    {
        JsonNode node = body;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var index = segment.IndexOf('[', StringComparison.Ordinal);
            var name = index < 0 ? segment : segment[..index];
            var last = i == segments.Length - 1;
            if (index < 0)
            {
                if (last)
                {
                    node[name] = value;
                    return;
                }

                node = node[name]!;
                continue;
            }

            var position = int.Parse(segment[(index + 1)..^1], CultureInfo.InvariantCulture);
            if (last)
            {
                node[name]![position] = value;
                return;
            }

            node = node[name]![position]!;
        }
    }
}
