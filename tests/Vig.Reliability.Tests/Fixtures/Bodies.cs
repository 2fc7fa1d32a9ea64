using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vig.Api.OpenApi;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>The documented example bodies, each marked so the suite can find its rows again.</summary>
public static class Bodies
{
    public const string Referrals = "/api/v1/referrals";

    /// <summary>The Swagger example referral, submitted at once, with <paramref name="marker"/> as the child's external case id.</summary>
    public static JsonObject Referral(string marker, bool submit = true)
    {
        var body = JsonNode.Parse(OpenApiExample.EligibleReferralWithSubmit)!.AsObject();
        body["submit"] = submit;
        body["child"]!["externalCaseId"] = marker;
        return body;
    }

    public static JsonNode MotherConsent() => JsonNode.Parse(OpenApiExample.MotherConsent)!;

    public static JsonNode Decline() => JsonNode.Parse(OpenApiExample.Decline)!;

    public static JsonNode AcceptanceCheck() => JsonNode.Parse(OpenApiExample.EligibleCheck)!;

    public static ByteArrayContent Json(JsonNode body) => Json(Encoding.UTF8.GetBytes(body.ToJsonString()));

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A POST of <paramref name="body"/> to <paramref name="path"/>, with an Idempotency-Key and If-Match when given.</summary>
    public static HttpRequestMessage Post(string path, JsonNode? body, string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }
}
