using System.Globalization;
using System.Text.Json;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>An HTTP answer read in full, so it can be kept and compared after the response is gone.</summary>
public sealed record Answer(int Status, string? MediaType, string Body, string? RetryAfter, bool Replayed, string? ETag)
{
    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            body,
            response.Headers.RetryAfter?.ToString(),
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"),
            response.Headers.ETag?.ToString());
    }

    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (request)
        {
            using var response = await client.SendAsync(request);
            return await ReadAsync(response);
        }
    }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>application/problem+json whose body is an object carrying the same status.</summary>
    public bool IsProblem
    {
        get
        {
            if (MediaType != "application/problem+json")
            {
                return false;
            }

            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("status", out var status)
                    && status.ValueKind == JsonValueKind.Number
                    && status.GetInt32() == Status;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    /// <summary>The 503 an outage may give: problem+json with Retry-After.</summary>
    public bool IsOutageAnswer => Status == 503 && RetryAfter is not null && IsProblem;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    public string Id => Json().GetProperty("id").GetString()!;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Status} {MediaType}{(RetryAfter is null ? string.Empty : " Retry-After " + RetryAfter)}: {(Body.Length > 300 ? Body[..300] + "..." : Body)}");
}
