using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Acceptance;
using Vig.Domain.Acceptance.Rules;
using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Api.Tests.Fixtures.OpenApiDocument;

namespace Vig.Api.Tests.Contract;

/// <summary>
/// Every maxLength, maxItems, minimum and maximum the document states is the one the service
/// enforces or cannot exceed (ADR 0011): the answers' limits are the columns' and the catalogues',
/// the fixed wire forms have their real lengths, and the limits added for the document are
/// refused over HTTP when a request goes past them.
/// </summary>
public sealed class WireLimitsTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ResponseLimits_AreTheColumnsAndCataloguesThatBoundThem()
    {
        var document = await ReadAsync(Client);

        Assert.Equal(ReferralReference.MaxLength, MaxLength(document, "ReferralResponse", "reference"));
        Assert.Equal(Child.NameMaxLength, MaxLength(document, "ChildResponse", "name"));
        Assert.Equal(ParentCarer.NameMaxLength, MaxLength(document, "ParentCarerResponse", "name"));
        Assert.Equal(Domain.Referrals.Referral.PractitionerMaxLength, MaxLength(document, "ReferralResponse", "allocatedTo"));
        Assert.Equal(Stamp.ActorMaxLength, MaxLength(document, "ConsentResponse", "recordedBy"));
        Assert.Equal(StatusChange.CommentMaxLength, MaxLength(document, "StatusChangeResponse", "comment"));
        Assert.Equal(AuditEntry.ActionMaxLength, MaxLength(document, "AuditEntryResponse", "action"));
        Assert.Equal(AuditEntry.CorrelationIdMaxLength, MaxLength(document, "AuditEntryResponse", "correlationId"));
        Assert.Equal(AcceptancePolicy.VersionMaxLength, MaxLength(document, "EvaluationResponse", "policyVersion"));
        Assert.Equal(DomainError.CodeMaxLength, MaxLength(document, "BlockedActionResponse", "code"));
        Assert.Equal(ConcernCategory.DescriptionMaxLength, MaxLength(document, "ConcernCategoryResponse", "description"));
        Assert.Equal(ListReferrals.CursorMaxLength, MaxLength(document, "ReferralListResponse", "nextCursor"));

        Assert.Equal(ListReferrals.MaxLimit, Property(document, "ReferralListResponse", "items").GetProperty("maxItems").GetInt32());
        Assert.Equal(ReferralDetails.MaxParentCarers, Property(document, "ReferralResponse", "parentCarers").GetProperty("maxItems").GetInt32());
        Assert.Equal(Domain.Referrals.Referral.MaxConsents, Property(document, "ReferralResponse", "consents").GetProperty("maxItems").GetInt32());
        Assert.Equal(Domain.Referrals.Referral.MaxQuestionnaires, Property(document, "ReferralResponse", "questionnaires").GetProperty("maxItems").GetInt32());
        Assert.Equal(AcceptanceRules.All.Count, Property(document, "EvaluationResponse", "rules").GetProperty("maxItems").GetInt32());
        Assert.Equal(Enum.GetValues<ReferralAction>().Length, Property(document, "ReferralResponse", "allowedActions").GetProperty("maxItems").GetInt32());
        var concerns = Property(document, "ReferralResponse", "concerns");
        Assert.Equal(ConcernCategory.All.Count, concerns.GetProperty("maxItems").GetInt32());
        Assert.Equal(ConcernCategory.CodeMaxLength, concerns.GetProperty("items").GetProperty("maxLength").GetInt32());
        Assert.Equal(AcceptanceRule.CodeMaxLength, Property(document, "ReferralResponse", "requestedInformation").GetProperty("items").GetProperty("maxLength").GetInt32());

        var version = Property(document, "ReferralResponse", "version");
        Assert.Equal((1, int.MaxValue), (version.GetProperty("minimum").GetInt32(), version.GetProperty("maximum").GetInt32()));
        var status = Property(document, "Problem", "status");
        Assert.Equal((100, 599), (status.GetProperty("minimum").GetInt32(), status.GetProperty("maximum").GetInt32()));
        Assert.Equal(0, Property(document, "ReportGroupResponse", "count").GetProperty("minimum").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/concern-categories", "ConcernCategories")]
    [InlineData("/api/v1/acceptance-rules", "AcceptanceRules")]
    [InlineData("/api/v1/referral-routes", "ReferralRoutes")]
    [InlineData("/api/v1/decline-reasons", "DeclineReasons")]
    public async Task ReferenceDataLists_HoldAtMostTheirCatalogue_AndDo(string path, string catalogue)
    {
        var document = await ReadAsync(Client);
        var schema = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

        var served = await Client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

        var count = Catalogues.Count(Enum.Parse<Catalogue>(catalogue));
        Assert.Equal(count, schema.GetProperty("maxItems").GetInt32());
        Assert.Equal(count, served.GetArrayLength());
    }

    [Fact]
    public async Task EveryUuidDateAndDateTime_IsAsLongAsItsWireForm()
    {
        var document = await ReadAsync(Client);
        var lengths = new Dictionary<string, int> { ["uuid"] = WireFormats.UuidLength, ["date"] = WireFormats.DateLength, ["date-time"] = WireFormats.DateTimeMaxLength };

        var formatted = Descendants(document).Where(e => e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && lengths.ContainsKey(f.GetString()!)).ToList();

        Assert.NotEmpty(formatted);
        Assert.All(formatted, schema => Assert.Equal(lengths[schema.GetProperty("format").GetString()!], schema.GetProperty("maxLength").GetInt32()));

        // The lengths are the serializer's: the longest value of each type as System.Text.Json writes it.
        Assert.Equal(WireFormats.UuidLength, JsonSerializer.Serialize(Guid.NewGuid()).Length - 2);
        Assert.Equal(WireFormats.DateLength, JsonSerializer.Serialize(DateOnly.MaxValue).Length - 2);
        var longest = new DateTimeOffset(9999, 12, 31, 9, 59, 59, TimeSpan.FromHours(-14)).AddTicks(9_999_999);
        Assert.Equal(WireFormats.DateTimeMaxLength, JsonSerializer.Serialize(longest).Length - 2);
    }

    [Fact]
    public async Task HeaderLimits_AreTheOnesEnforcedOrWritten()
    {
        var document = await ReadAsync(Client);
        var components = document.GetProperty("components");

        Assert.Equal(Versions.ETagMaxLength, Versions.ETag(int.MaxValue).Length);
        Assert.Equal(Versions.ETagMaxLength, components.GetProperty("parameters").GetProperty("If-Match").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(Versions.ETagMaxLength, components.GetProperty("parameters").GetProperty("If-None-Match").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(Versions.ETagMaxLength, components.GetProperty("headers").GetProperty("ETag").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(AuditEntry.CorrelationIdMaxLength, components.GetProperty("parameters").GetProperty("X-Correlation-ID").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(CorrelationId.MaxLength, components.GetProperty("headers").GetProperty("X-Correlation-ID").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(IdempotencyOptions.MaxKeyLength, components.GetProperty("parameters").GetProperty("Idempotency-Key").GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal((int)Vig.Api.Security.ClientRateLimit.Window.TotalSeconds, components.GetProperty("headers").GetProperty("Retry-After").GetProperty("schema").GetProperty("maximum").GetInt32());

        using var created = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(created.Headers.Location!.OriginalString.Length, components.GetProperty("headers").GetProperty("Location").GetProperty("schema").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task IfNoneMatch_LongerThanAnyETag_Is400()
    {
        var referral = await Api.CreateAsync();

        using var fits = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}");
        fits.Headers.TryAddWithoutValidation("If-None-Match", $"W/\"{int.MaxValue}\"");
        using var tooLong = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}");
        tooLong.Headers.TryAddWithoutValidation("If-None-Match", $"W/\"{int.MaxValue}0\"");

        using var fitting = await Client.SendAsync(fits);
        Assert.Equal(HttpStatusCode.OK, fitting.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(await Client.SendAsync(tooLong), HttpStatusCode.BadRequest);
        Assert.Equal("request.if-none-match-too-long", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UpdatedSince_LongerThanTheLongestDateTime_Is400NamingIt()
    {
        var longest = "2026-11-24T09:00:00.1234567+00:00";
        Assert.Equal(WireFormats.DateTimeMaxLength, longest.Length);

        using var fits = await Client.GetAsync(new Uri($"/api/v1/referrals?updatedSince={Uri.EscapeDataString(longest)}", UriKind.Relative));
        using var tooLong = await Client.GetAsync(new Uri($"/api/v1/referrals?updatedSince={Uri.EscapeDataString(" " + longest)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.Contains("RFC 3339", problem.GetProperty("errors").GetProperty("updatedSince")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("N")]
    [InlineData("B")]
    [InlineData("P")]
    public async Task ReferralIds_AreTakenOnlyInTheirDocumentedForm(string otherForm)
    {
        var referral = await Api.CreateAsync();

        using var documented = await Client.GetAsync(new Uri($"/api/v1/referrals/{referral.Id:D}", UriKind.Relative));
        using var other = await Client.GetAsync(new Uri($"/api/v1/referrals/{Uri.EscapeDataString(referral.Id.ToString(otherForm))}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, documented.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Concerns_MoreThanTheCategories_Is400NamingThem()
    {
        var body = ReferralApi.EligibleBody();
        body["concerns"] = new JsonArray([.. Enumerable.Repeat(ConcernCategory.Autism.Code, ConcernCategory.All.Count + 1).Select(c => JsonValue.Create(c))]);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("concerns", out _), problem.GetRawText());
    }

    [Fact]
    public async Task RequestedRuleCodes_MoreThanTheRulesOrLongerThanACode_Are400NamingThem()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        var tooMany = new JsonObject { ["ruleCodes"] = new JsonArray([.. Enumerable.Repeat(AcceptanceRules.All[0].Code, AcceptanceRules.All.Count + 1).Select(c => JsonValue.Create(c))]) };
        var tooLong = new JsonObject { ["ruleCodes"] = new JsonArray(JsonValue.Create(new string('r', AcceptanceRule.CodeMaxLength + 1))) };

        var many = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "request-information", referral.ETag, tooMany), HttpStatusCode.BadRequest);
        var longCode = await ProblemAssert.IsProblemAsync(await Api.PostAsync(referral.Id, "request-information", referral.ETag, tooLong), HttpStatusCode.BadRequest);

        Assert.True(many.GetProperty("errors").TryGetProperty("ruleCodes", out _), many.GetRawText());
        Assert.True(longCode.GetProperty("errors").TryGetProperty("ruleCodes[0]", out _), longCode.GetRawText());
    }

    [Fact]
    public async Task CorrelationId_UpToItsLimit_IsKept_LongerIsReplaced()
    {
        var longest = new string('c', CorrelationId.MaxLength);

        Assert.Equal(longest, await EchoedCorrelationIdAsync(longest));
        Assert.Matches("^[0-9a-f]{32}$", await EchoedCorrelationIdAsync(longest + "c"));
    }

    private async Task<string> EchoedCorrelationIdAsync(string sent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/referral-routes");
        request.Headers.Add(CorrelationId.Header, sent);
        using var response = await Client.SendAsync(request);
        return response.Headers.GetValues(CorrelationId.Header).Single();
    }

    private static JsonElement Property(JsonElement document, string schema, string property) =>
        Schema(document, schema).GetProperty("properties").GetProperty(property);

    private static int MaxLength(JsonElement document, string schema, string property) =>
        Property(document, schema, property).GetProperty("maxLength").GetInt32();

    private static IEnumerable<JsonElement> Descendants(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Descendants(p.Value)).Prepend(element),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Descendants),
        _ => [],
    };
}
