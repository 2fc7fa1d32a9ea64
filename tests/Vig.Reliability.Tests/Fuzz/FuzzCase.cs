using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Vig.Reliability.Tests.Fuzz;

internal enum MutationKind
{
    Replace,
    Remove,
    SetNull,
    AddField,
    DuplicateField,
    AddNullElement,
    Flood,
}

/// <summary>One change to the JSON body: at the node chosen by <see cref="Pick"/>, with <see cref="Value"/> (JSON text) where it needs one.</summary>
internal sealed record JsonMutation(MutationKind Kind, int Pick, string Value, int Count)
{
    public override string ToString() => $"{Kind}@{Pick}{(Kind is MutationKind.Remove or MutationKind.SetNull or MutationKind.AddNullElement ? string.Empty : "=" + Shorten(Value))}{(Kind == MutationKind.Flood ? "x" + Count : string.Empty)}";

    internal static string Shorten(string text) => text.Length > 60 ? $"{text[..40]}...({text.Length} chars)" : text;
}

internal enum RawKind
{
    None,
    InvalidUtf8,
    Truncate,
    Empty,
    NoBody,
    ByteOrderMark,
    NotJson,
    TrailingGarbage,
    DeepNesting,
    Utf16,
    Latin1,
}

/// <summary>One change to the body's bytes after it is written.</summary>
internal sealed record RawMutation(RawKind Kind, int Position, int Variant)
{
    public override string ToString() => Kind == RawKind.None ? "none" : $"{Kind}@{Position}/{Variant}";
}

internal enum IfMatchKind
{
    Current,
    Missing,
    Stale,
    Strong,
    Garbage,
}

internal enum PathKind
{
    Target,
    UnknownId,
    Garbage,
}

/// <summary>
/// One hostile request, as data: which endpoint, how its valid body and headers are spoiled. It
/// becomes a request only against a <see cref="FuzzWorld"/>, which supplies the target
/// referral's id and current ETag, so the same case means the same request in every run.
/// </summary>
internal sealed record FuzzCase(
    int Endpoint,
    JsonMutation[] Mutations,
    RawMutation Raw,
    string? ContentType,
    IfMatchKind IfMatch,
    string IfMatchText,
    string? IdempotencyKey,
    PathKind Path,
    string PathText)
{
    internal const string OmitHeader = "(none)";

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x28, 0x8C, 0xBC], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];
    private static readonly string[] NotJson = ["hello", "<referral/>", "a=b&c=d", "{'single': 'quotes'}", "{\"a\":1,}", "[1,2,]", "{\"a\" 1}", "NaN", "undefined", "\"\\x41\"", "{\"a\":01}", "/* comment */ {}"];
    private static readonly string[] Garbage = ["}", "}}", ",", "x", "\u0000", "{}", "[]", " // comment", "\n\n\n"];

    public WriteEndpoint Target => WriteEndpoint.All[Endpoint];

    /// <summary>Whether anything is spoiled at all; an untouched valid request tells nothing.</summary>
    public bool IsSpoiled =>
        Mutations.Length > 0 || Raw.Kind != RawKind.None || ContentType != "application/json" || IfMatch != IfMatchKind.Current
        || (IdempotencyKey is not null && !Guid.TryParse(IdempotencyKey, out _)) || Path != PathKind.Target;

    public HttpRequestMessage ToRequest(FuzzWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var target = world.TargetFor(Target);
        var request = new HttpRequestMessage(Target.Method, PathFor(target));
        var body = BodyBytes();
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        var ifMatch = IfMatch switch
        {
            IfMatchKind.Current => target?.ETag,
            IfMatchKind.Stale => target is null ? "W/\"1\"" : $"W/\"{target.Version + (IfMatchText.Length % 2 == 0 ? 1 : -1)}\"",
            IfMatchKind.Strong => target is null ? "\"1\"" : $"\"{target.Version}\"",
            IfMatchKind.Garbage => IfMatchText,
            _ => null,
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (IdempotencyKey is not null)
        {
            foreach (var key in IdempotencyKey.Split('\u0001'))
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            }
        }

        return request;
    }

    public override string ToString() =>
        $"{Target.Name} [{string.Join(", ", Mutations.Select(m => m.ToString()))}] raw {Raw} content-type {JsonMutation.Shorten(ContentType ?? OmitHeader)} if-match {IfMatch}{(IfMatch == IfMatchKind.Garbage ? " " + JsonMutation.Shorten(IfMatchText) : string.Empty)} key {JsonMutation.Shorten(IdempotencyKey?.Replace('\u0001', '|') ?? OmitHeader)} path {Path}{(Path == PathKind.Garbage ? " " + PathText : string.Empty)}";

    private string PathFor(FuzzTarget? target)
    {
        var id = Path switch
        {
            PathKind.UnknownId => PathText,
            PathKind.Garbage => PathText,
            _ => target?.Id ?? PathText,
        };
        return Target.Path.Replace("{id}", id, StringComparison.Ordinal).Replace("{consent}", target?.ConsentId ?? PathText, StringComparison.Ordinal);
    }

    /// <summary>The valid body with the JSON mutations and then the byte mutation applied; null for no body at all.</summary>
    private byte[]? BodyBytes()
    {
        var root = Target.ValidBody();
        var absent = root is null;
        foreach (var mutation in Mutations)
        {
            (root, var touched) = Apply(root, mutation);
            absent &= !touched;
        }

        if (absent && Raw.Kind == RawKind.None)
        {
            return null;
        }

        var text = absent ? string.Empty : JsonText.Write(root);
        var bytes = Encoding.UTF8.GetBytes(text);
        return Raw.Kind switch
        {
            RawKind.InvalidUtf8 => [.. bytes[..(Raw.Position % (bytes.Length + 1))], .. InvalidUtf8[Raw.Variant % InvalidUtf8.Length], .. bytes[(Raw.Position % (bytes.Length + 1))..]],
            RawKind.Truncate => bytes[..(Raw.Position % (bytes.Length + 1))],
            RawKind.Empty => [],
            RawKind.NoBody => null,
            RawKind.ByteOrderMark => [0xEF, 0xBB, 0xBF, .. bytes],
            RawKind.NotJson => Encoding.UTF8.GetBytes(NotJson[Raw.Variant % NotJson.Length]),
            RawKind.TrailingGarbage => [.. bytes, .. Encoding.UTF8.GetBytes(Garbage[Raw.Variant % Garbage.Length])],
            RawKind.DeepNesting => Encoding.UTF8.GetBytes("{\"concerns\":" + new string('[', 17 + (Raw.Variant % 3000)) + new string(']', 17 + (Raw.Variant % 3000)) + "}"),
            RawKind.Utf16 => Raw.Variant % 2 == 0 ? Encoding.Unicode.GetBytes(text) : [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            RawKind.Latin1 => Encoding.Latin1.GetBytes(text),
            _ => bytes,
        };
    }

    /// <summary>Applies one mutation; says whether it put anything into an absent body.</summary>
    private static (JsonNode? Root, bool Touched) Apply(JsonNode? root, JsonMutation mutation)
    {
        var positions = new List<(JsonNode? Parent, string? Name, int Index, JsonNode? Node)>();
        Collect(null, null, -1, root, positions);
        var (parent, name, index, node) = positions[mutation.Pick % positions.Count];

        JsonNode? Set(JsonNode? value)
        {
            switch (parent)
            {
                case JsonObject obj:
                    obj[name!] = value;
                    return root;
                case JsonArray array:
                    array[index] = value;
                    return root;
                default:
                    return value;
            }
        }

        switch (mutation.Kind)
        {
            case MutationKind.Replace:
                return (Set(JsonText.Raw(mutation.Value)), true);
            case MutationKind.Remove:
                if (parent is JsonObject fromObject)
                {
                    fromObject.Remove(name!);
                    return (root, false);
                }

                if (parent is JsonArray fromArray)
                {
                    fromArray.RemoveAt(index);
                    return (root, false);
                }

                return (JsonText.Raw(string.Empty), true);
            case MutationKind.SetNull:
                return (Set(null), true);
            case MutationKind.AddField:
                var into = node as JsonObject ?? parent as JsonObject ?? root as JsonObject;
                if (into is null)
                {
                    return (root, false);
                }

                into[ExtraNames[mutation.Count % ExtraNames.Length]] = JsonText.Raw(mutation.Value);
                return (root, false);
            case MutationKind.DuplicateField:
                if (parent is JsonObject twice)
                {
                    twice[JsonText.Duplicate(name!)] = JsonText.Raw(mutation.Value);
                }

                return (root, false);
            case MutationKind.AddNullElement:
                if ((node as JsonArray ?? parent as JsonArray) is { } withNull)
                {
                    withNull.Add(null);
                    return (root, false);
                }

                return (Set(new JsonArray((JsonNode?)null)), true);
            case MutationKind.Flood:
                var flooded = node as JsonArray ?? parent as JsonArray;
                if (flooded is null)
                {
                    flooded = [];
                    root = Set(flooded);
                }

                // Many small elements: a flood of huge ones would only measure the body size limit.
                var element = mutation.Value.Length <= 64 ? mutation.Value : "0";
                for (var i = 0; i < mutation.Count; i++)
                {
                    flooded.Add(JsonText.Raw(element));
                }

                return (root, true);
            default:
                return (root, false);
        }
    }

    /// <summary>Fields a client should not send, or sends at the wrong level.</summary>
    private static readonly string[] ExtraNames = ["unexpected", "id", "status", "version", "reference", "createdBy", "submit", "__proto__", "$type", "$ref", "constructor", "", " ", "ID", "Status", "child", "consents", "\u00e9t\u00e9", "\u202e"];

    private static void Collect(JsonNode? parent, string? name, int index, JsonNode? node, List<(JsonNode?, string?, int, JsonNode?)> positions)
    {
        positions.Add((parent, name, index, node));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (childName, child) in obj.ToList())
                {
                    Collect(obj, childName, -1, child, positions);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array, null, i, array[i], positions);
                }

                break;
        }
    }
}
