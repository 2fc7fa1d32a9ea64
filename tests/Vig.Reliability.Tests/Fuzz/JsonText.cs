using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vig.Reliability.Tests.Fuzz;

/// <summary>
/// Writes a JSON tree as text, with two things System.Text.Json will not write: raw fragments
/// (numbers beyond double, lone surrogate escapes) and a property name that appears twice.
/// </summary>
internal static class JsonText
{
    private const string RawPrefix = "\u0001raw:";
    private const string DuplicatePrefix = "\u0001dup:";

    /// <summary>A node written exactly as <paramref name="json"/>, valid JSON or not.</summary>
    public static JsonNode Raw(string json) => JsonValue.Create(RawPrefix + json);

    /// <summary>The name under which a second property of the same name is added to an object.</summary>
    public static string Duplicate(string name) => DuplicatePrefix + name;

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    /// <summary>A JSON string; control characters and unpaired surrogates are escaped, everything else is literal.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder();
        Quote(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Quote(text, name.StartsWith(DuplicatePrefix, StringComparison.Ordinal) ? name[DuplicatePrefix.Length..] : name);
                    text.Append(':');
                    Write(text, value);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                if (s.StartsWith(RawPrefix, StringComparison.Ordinal))
                {
                    text.Append(s.AsSpan(RawPrefix.Length));
                }
                else
                {
                    Quote(text, s);
                }

                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' || c == '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (c < 0x20 || char.IsSurrogate(c))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('"');
    }
}
