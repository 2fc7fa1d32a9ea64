using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.OpenApi;

namespace Vig.Api.Tests.Fixtures;

/// <summary>Talks to the referral API as a client would, and peeks into the database for assertions.</summary>
public sealed class ReferralApi(ApiFixture api, HttpClient client)
{
    public const string MotherId = "3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b";

    /// <summary>The Swagger example: complete and eligible once the mother's consent is recorded.</summary>
    public static JsonObject EligibleBody(bool submit = false)
    {
        var body = JsonNode.Parse(OpenApiExample.EligibleReferralWithSubmit)!.AsObject();
        body["submit"] = submit;
        return body;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async Task<Referral> CreateAsync(JsonObject? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = Json(body ?? EligibleBody()) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<Referral> GetAsync(Guid id)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/referrals/{id}", UriKind.Relative));
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>POSTs to /referrals/{id}/{action} with the given ETag.</summary>
    public async Task<HttpResponseMessage> PostAsync(Guid id, string action, string? etag, JsonNode? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{id}/{action}");
        if (body is not null)
        {
            request.Content = Json(body);
        }

        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public async Task<Referral> ChangeAsync(Referral referral, string action, JsonNode? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(referral);
        using var response = await PostAsync(referral.Id, action, referral.ETag, body);
        return await ReadAsync(response, expected);
    }

    /// <summary>Records the mother's consent with the documented Swagger example.</summary>
    public async Task<Referral> RecordMotherConsentAsync(Referral referral) =>
        await ChangeAsync(referral, "consents", JsonNode.Parse(OpenApiExample.MotherConsent), HttpStatusCode.Created);

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(api.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<Referral> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var etag = response.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(etag), "A referral answer carries its ETag.");
        return new Referral(JsonDocument.Parse(text).RootElement.Clone(), etag!);
    }
}

/// <summary>A referral as read from the API, with the ETag it came with.</summary>
public sealed record Referral(JsonElement Json, string ETag)
{
    public Guid Id => Json.GetProperty("id").GetGuid();

    public string Status => Json.GetProperty("status").GetString()!;

    public int Version => Json.GetProperty("version").GetInt32();

    public string? Verdict => Json.GetProperty("latestEvaluation").ValueKind == JsonValueKind.Null ? null : Json.GetProperty("latestEvaluation").GetProperty("verdict").GetString();

    public IReadOnlyList<string> UnmetRules => Strings(Json.GetProperty("latestEvaluation").GetProperty("unmetRules"));

    public IReadOnlyList<string> AllowedActions => Strings(Json.GetProperty("allowedActions"));

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
