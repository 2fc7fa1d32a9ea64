using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;
using static Vig.Api.Tests.Fixtures.OpenApiDocument;

namespace Vig.Api.Tests.Contract;

/// <summary>
/// Real answers against the served document, as a strict generated client (NSwag's) would read them:
/// no undocumented property, every required property present, and null only where the schema allows it.
/// </summary>
public sealed class ContractHonestyTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ADraftWithNothingInIt_MatchesTheReferralSchema()
    {
        var document = await ReadAsync(Client);
        var draft = await Api.CreateAsync(new JsonObject());

        AssertMatches(document, Schema(document, "ReferralResponse"), draft.Json, "referral");
        Assert.Equal(JsonValueKind.Null, draft.Json.GetProperty("route").ValueKind);
        Assert.Equal(JsonValueKind.Null, draft.Json.GetProperty("latestEvaluation").ValueKind);
    }

    [Fact]
    public async Task ASubmittedReferral_ItsListHistoryEvaluationAndAudit_MatchTheirSchemas()
    {
        var document = await ReadAsync(Client);
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));
        await Api.CreateAsync(new JsonObject());

        AssertMatches(document, Schema(document, "ReferralResponse"), referral.Json, "referral");
        AssertMatches(document, Schema(document, "ReferralListResponse"), await GetJsonAsync("/api/v1/referrals"), "list");
        AssertMatches(document, ArrayOf("StatusChangeResponse"), await GetJsonAsync($"/api/v1/referrals/{referral.Id}/history"), "history");
        AssertMatches(document, Schema(document, "EvaluationResponse"), await GetJsonAsync($"/api/v1/referrals/{referral.Id}/evaluation"), "evaluation");
        AssertMatches(document, ArrayOf("AuditEntryResponse"), await GetJsonAsync($"/api/v1/referrals/{referral.Id}/audit"), "audit");
        AssertMatches(document, Schema(document, "ReportSummaryResponse"), await GetJsonAsync("/api/v1/reports/summary?groupBy=status,route,concern,referrerRole,careSetting,ageBand,month"), "summary");
        AssertMatches(document, Schema(document, "ReportRowPageResponse"), await GetJsonAsync("/api/v1/reports/referrals"), "report rows");
    }

    [Fact]
    public async Task ReferenceData_MatchesItsSchemas()
    {
        var document = await ReadAsync(Client);

        AssertMatches(document, ArrayOf("ConcernCategoryResponse"), await GetJsonAsync("/api/v1/concern-categories"), "concern-categories");
        AssertMatches(document, ArrayOf("AcceptanceRuleResponse"), await GetJsonAsync("/api/v1/acceptance-rules"), "acceptance-rules");
        AssertMatches(document, ArrayOf("ReferralRouteResponse"), await GetJsonAsync("/api/v1/referral-routes"), "referral-routes");
        AssertMatches(document, ArrayOf("DeclineReasonResponse"), await GetJsonAsync("/api/v1/decline-reasons"), "decline-reasons");
    }

    [Fact]
    public async Task ProblemAnswers_MatchTheProblemSchema()
    {
        var document = await ReadAsync(Client);
        var schema = Schema(document, "ValidationProblem");
        var draft = await Api.CreateAsync(new JsonObject());
        var submitted = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        using var anonymous = Fixture.Factory.CreateClient();

        var answers = new List<(string Name, HttpResponseMessage Response)>
        {
            ("400 body", await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(JsonNode.Parse("""{ "child": { "name": "" } }""")!))),
            ("400 query", await Client.GetAsync(new Uri("/api/v1/referrals?status=lost", UriKind.Relative))),
            ("401", await anonymous.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative))),
            ("404", await Client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative))),
            ("409", await Api.PostAsync(draft.Id, "accept", draft.ETag)),
            ("412", await Api.PostAsync(submitted.Id, "accept", "W/\"99\"")),
            ("422", await Api.PostAsync(submitted.Id, "accept", submitted.ETag)),
            ("428", await Api.PostAsync(submitted.Id, "accept", null)),
        };

        foreach (var (name, response) in answers)
        {
            using (response)
            {
                Assert.Equal(name[..3], ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                AssertMatches(document, schema, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, name);
            }
        }
    }

    private static JsonElement ArrayOf(string schema) =>
        JsonDocument.Parse($$"""{ "type": "array", "items": { "$ref": "#/components/schemas/{{schema}}" } }""").RootElement;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Walks the answer and its schema together.</summary>
    private static void AssertMatches(JsonElement document, JsonElement schema, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            Assert.True(IsNullable(schema), $"{path} is null, but the document says it never is.");
            return;
        }

        var target = Target(document, schema);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when target.TryGetProperty("properties", out var properties):
                foreach (var required in Required(target))
                {
                    Assert.True(value.TryGetProperty(required, out _), $"{path}.{required} is required by the document but absent.");
                }

                foreach (var property in value.EnumerateObject())
                {
                    Assert.True(properties.TryGetProperty(property.Name, out var propertySchema), $"{path}.{property.Name} is not in the document.");
                    AssertMatches(document, propertySchema, property.Value, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    AssertMatches(document, target.GetProperty("items"), item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String when target.TryGetProperty("enum", out var values):
                Assert.Contains(value.GetString(), values.EnumerateArray().Select(v => v.GetString()));
                break;
        }
    }
}
