using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// The request examples Swagger UI offers, read from the served document as an integration tester
/// sees them: every write has one, and each is accepted by the API at the step it belongs to.
/// </summary>
public sealed class SwaggerExampleTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly string[] WriteMethods = ["post", "put", "patch"];

    [Fact]
    public async Task EveryWriteWithABody_HasAnExample()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        var withoutExample = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => WriteMethods.Contains(operation.Name) && operation.Value.TryGetProperty("requestBody", out _))
                .Where(operation => !operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();

        Assert.Empty(withoutExample);
    }

    [Fact]
    public async Task TheExamples_CarryAReferralThroughItsWholeLife()
    {
        var examples = await ExamplesAsync();

        var referral = await Api.CreateAsync(examples["POST /api/v1/referrals"].AsObject());
        referral = await Api.ChangeAsync(referral, "request-information", examples["POST /api/v1/referrals/{id}/request-information"]);
        Assert.Equal("informationRequested", referral.Status);
        referral = await Api.ChangeAsync(referral, "consents", ConsentOfFirstParentCarer(referral, examples), HttpStatusCode.Created);
        // As a Swagger user does: the example's placeholder id becomes the id the service gave the mother.
        var replacement = examples["PUT /api/v1/referrals/{id}"].DeepClone().AsObject();
        replacement["parentCarers"]![0]!["id"] = referral.Json.GetProperty("parentCarers")[0].GetProperty("id").GetString();
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(replacement) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
            referral = await ReferralApi.ReadAsync(await Client.SendAsync(put), HttpStatusCode.OK);
        }

        referral = await Api.ChangeAsync(referral, "submit");
        Assert.Equal("eligible", referral.Verdict);
        referral = await Api.ChangeAsync(referral, "accept");
        referral = await Api.ChangeAsync(referral, "allocate", examples["POST /api/v1/referrals/{id}/allocate"]);
        referral = await Api.ChangeAsync(referral, "close", examples["POST /api/v1/referrals/{id}/close"]);
        Assert.Equal("closed", referral.Status);
    }

    [Fact]
    public async Task TheExamples_WithdrawAConsent_DeclineAndWithdrawAReferral()
    {
        var examples = await ExamplesAsync();

        var declined = await Api.CreateAsync(examples["POST /api/v1/referrals"].AsObject());
        declined = await Api.ChangeAsync(declined, "consents", ConsentOfFirstParentCarer(declined, examples), HttpStatusCode.Created);
        var consentId = declined.Json.GetProperty("consents")[0].GetProperty("id").GetGuid();
        declined = await Api.ChangeAsync(declined, $"consents/{consentId}/withdraw", examples["POST /api/v1/referrals/{id}/consents/{consentId}/withdraw"]);
        Assert.False(declined.Json.GetProperty("consents")[0].GetProperty("inForce").GetBoolean());
        declined = await Api.ChangeAsync(declined, "decline", examples["POST /api/v1/referrals/{id}/decline"]);
        Assert.Equal("declined", declined.Status);

        var withdrawn = await Api.CreateAsync(examples["POST /api/v1/referrals"].AsObject());
        withdrawn = await Api.ChangeAsync(withdrawn, "withdraw", examples["POST /api/v1/referrals/{id}/withdraw"]);
        Assert.Equal("withdrawn", withdrawn.Status);

        using var check = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), ReferralApi.Json(examples["POST /api/v1/acceptance-checks"]));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal("eligible", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString());
    }

    /// <summary>The consent example, for the referral's first parent/carer as the API identifies them.</summary>
    private static JsonObject ConsentOfFirstParentCarer(Referral referral, Dictionary<string, JsonNode> examples)
    {
        var consent = examples["POST /api/v1/referrals/{id}/consents"].DeepClone().AsObject();
        consent["parentCarerId"] = referral.Json.GetProperty("parentCarers")[0].GetProperty("id").GetString();
        return consent;
    }

    private async Task<JsonElement> DocumentAsync() =>
        await Client.GetFromJsonAsync<JsonElement>(new Uri("/swagger/v1/swagger.json", UriKind.Relative));

    /// <summary>Each write's request example, keyed by "METHOD path".</summary>
    private async Task<Dictionary<string, JsonNode>> ExamplesAsync()
    {
        var examples = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var path in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => WriteMethods.Contains(o.Name)))
            {
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out var example))
                {
                    examples[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = JsonNode.Parse(example.GetRawText())!;
                }
            }
        }

        return examples;
    }
}
