using System.Globalization;
using System.Text;

namespace Vig.Domain.Common;

/// <summary>
/// What counts as blank text, in one place: nothing left once whitespace and invisible format
/// characters (Unicode category Cf: zero-width space, byte-order mark, joiners) are trimmed. A
/// comment of zero-width spaces looks empty to every reader, so it is empty.
/// </summary>
public static class PlainText
{
    public static bool IsBlank(string? value) => value is null || Bounds(value).Length == 0;

    /// <summary>The text without leading and trailing whitespace and format characters; null when blank.</summary>
    public static string? TrimmedOrNull(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var (start, length) = Bounds(value);
        return length == 0 ? null : value.Substring(start, length);
    }

    /// <summary>As <see cref="TrimmedOrNull"/>, for text already known not to be blank.</summary>
    public static string Trimmed(string value) => TrimmedOrNull(value) ?? string.Empty;

    private static (int Start, int Length) Bounds(string value)
    {
        var start = 0;
        while (start < value.Length && Rune.DecodeFromUtf16(value.AsSpan(start), out var rune, out var used) == System.Buffers.OperationStatus.Done && IsInvisible(rune))
        {
            start += used;
        }

        var end = value.Length;
        while (end > start && Rune.DecodeLastFromUtf16(value.AsSpan(start, end - start), out var rune, out var used) == System.Buffers.OperationStatus.Done && IsInvisible(rune))
        {
            end -= used;
        }

        return (start, end - start);
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;
}
