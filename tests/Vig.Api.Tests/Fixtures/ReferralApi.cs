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
    /// <summary>
    /// The Swagger example: complete, and eligible with the mother's consent. Without
    /// <paramref name="withConsents"/> the consent is left out (to be recorded later), so that
    /// tests of the later steps start from a referral that still needs it.
    /// </summary>
    public static JsonObject EligibleBody(bool submit = false, bool withConsents = false)
    {
        var body = JsonNode.Parse(OpenApiExample.EligibleReferralWithSubmit)!.AsObject();
        body["submit"] = submit;
        if (!withConsents)
        {
            body.Remove("consents");
        }

        return body;
    }

    /// <summary>
    /// The documented PRFQ example (a mixed form: PM 1.83, CMS 4.17, IC 5.17) completed by
    /// <paramref name="parentCarerId"/>; with <paramref name="answer"/>, every item answered by it instead.
    /// </summary>
    public static JsonObject PrfqForm(string parentCarerId, Func<int, int>? answer = null)
    {
        var body = JsonNode.Parse(OpenApiExample.MotherPrfq)!.AsObject();
        body["parentCarerId"] = parentCarerId;
        if (answer is not null)
        {
            body["answers"] = new JsonArray([.. Enumerable.Range(1, 18).Select(i => new JsonObject { ["item"] = i, ["answer"] = answer(i) })]);
        }

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

    /// <summary>Records the mother's consent with the documented Swagger example, naming her by the id the service gave her.</summary>
    public async Task<Referral> RecordMotherConsentAsync(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var consent = JsonNode.Parse(OpenApiExample.MotherConsent)!;
        consent["parentCarerId"] = referral.MotherId;
        return await ChangeAsync(referral, "consents", consent, HttpStatusCode.Created);
    }

    /// <summary>
    /// Referrals that have been through every kind of change: closed after everything (two parents
    /// with a consent each, an accept, an allocation, two questionnaire forms, a withdrawn consent),
    /// one asked for more information, one declined, and a bare draft with no parts at all.
    /// </summary>
    public async Task<IReadOnlyList<Referral>> OfEveryShapeAsync()
    {
        var body = EligibleBody(submit: true, withConsents: true);
        body["parentCarers"]!.AsArray().Add(new JsonObject { ["name"] = "Sam Example", ["relationship"] = "father", ["takesPart"] = true });
        body["consents"]!.AsArray().Add(new JsonObject { ["parentCarerIndex"] = 1, ["kind"] = "takePartInVig", ["givenOn"] = "2026-11-11" });
        var closed = await CreateAsync(body);
        closed = await ChangeAsync(closed, "accept");
        closed = await ChangeAsync(closed, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" });
        closed = await ChangeAsync(closed, "questionnaires", PrfqForm(closed.MotherId), HttpStatusCode.Created);
        closed = await ChangeAsync(closed, "questionnaires", PrfqForm(closed.MotherId, _ => 7), HttpStatusCode.Created);
        var consentId = closed.Json.GetProperty("consents")[0].GetProperty("id").GetString();
        closed = await ChangeAsync(closed, $"consents/{consentId}/withdraw", new JsonObject());
        closed = await ChangeAsync(closed, "close", new JsonObject { ["outcome"] = "completed", ["comment"] = "Goals met." });

        var asked = await CreateAsync(EligibleBody(submit: true));
        asked = await ChangeAsync(asked, "request-information", new JsonObject { ["comment"] = "Please confirm the hoped-for change is agreed." });

        var declined = await CreateAsync(EligibleBody(submit: true));
        declined = await ChangeAsync(declined, "decline", new JsonObject { ["reasonCode"] = "duplicate", ["duplicateOf"] = asked.Id.ToString(), ["comment"] = "Open elsewhere." });

        var bare = EligibleBody();
        foreach (var part in new[] { "route", "referrer", "child", "readiness", "views", "concernAccount" })
        {
            bare.Remove(part);
        }

        bare["parentCarers"] = new JsonArray();
        bare["concerns"] = new JsonArray();
        return [closed, asked, declined, await CreateAsync(bare)];
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(api.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement on the database directly: to set up rows as an older version stored them.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>How many items a list of the referrals holds, all referrals together (e.g. "evaluations", "concerns").</summary>
    public async Task<long> CountItemsAsync(string list)
    {
        var length = list == "concerns" ? "cardinality" : "jsonb_array_length";
        await using var connection = new NpgsqlConnection(api.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT coalesce(sum({length}({list})), 0)::bigint FROM referrals", connection);
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

    /// <summary>The verdict of the rules applied today (currentEvaluation), or null once the referral is finished.</summary>
    public string? CurrentVerdict => Json.GetProperty("currentEvaluation").ValueKind == JsonValueKind.Null ? null : Json.GetProperty("currentEvaluation").GetProperty("verdict").GetString();

    public IReadOnlyList<string> BlockedActions => [.. Json.GetProperty("blockedActions").EnumerateArray().Select(b => b.GetProperty("action").GetString()!)];

    /// <summary>The id the service gave the first parent/carer (the mother in the example).</summary>
    public string MotherId => Json.GetProperty("parentCarers")[0].GetProperty("id").GetString()!;

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
