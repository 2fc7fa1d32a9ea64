using System.Text.Json;

namespace Vig.Api.Tests.Fixtures;

/// <summary>Reads the served OpenAPI document as a generated client would: following $ref and allOf.</summary>
public static class OpenApiDocument
{
    public const string Path = "/swagger/v1/swagger.json";

    public static async Task<JsonElement> ReadAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return JsonDocument.Parse(await client.GetStringAsync(new Uri(Path, UriKind.Relative))).RootElement.Clone();
    }

    /// <summary>The element a local "$ref" points to, or the element itself.</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = reference.GetString()!.TrimStart('#', '/').Split('/').Aggregate(document, (node, segment) => node.GetProperty(segment));
        }

        return element;
    }

    /// <summary>A property's own schema, looking through a one-element allOf (how a described or nullable $ref is written).</summary>
    public static JsonElement Target(JsonElement document, JsonElement property) =>
        property.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1 ? Resolve(document, all[0]) : Resolve(document, property);

    public static bool IsNullable(JsonElement schema) =>
        (schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean())
        || (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null"));

    public static JsonElement Schema(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    public static IReadOnlySet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : new HashSet<string>();

    /// <summary>Every operation as (method, path, operation).</summary>
    public static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => (method.Name.ToUpperInvariant(), path.Name, method.Value)));

    /// <summary>An operation's parameters, resolved.</summary>
    public static IEnumerable<JsonElement> Parameters(JsonElement document, JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray().Select(p => Resolve(document, p)) : [];

    public static JsonElement Parameter(JsonElement document, JsonElement operation, string name) =>
        Parameters(document, operation).Single(p => p.GetProperty("name").GetString() == name);

    /// <summary>The names of a response's headers.</summary>
    public static IEnumerable<string> ResponseHeaders(JsonElement response) =>
        response.TryGetProperty("headers", out var headers) ? headers.EnumerateObject().Select(h => h.Name) : [];
}
