using FluentValidation;
using Vig.Domain.Common;

namespace Vig.Application.Common;

/// <summary>
/// The rules every string from a client passes before it reaches the database or a log.
/// PostgreSQL refuses NUL in text, other control characters hide in logs and screens, and an
/// unpaired UTF-16 surrogate cannot be written as UTF-8: all are refused as bad input (400)
/// rather than found out later as a 500.
/// </summary>
public static class TextRules
{
    /// <summary>One line: names, references, codes, ids, email, phone. No control characters at all.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(value => IsWellFormedUnicode(value)).WithMessage(NotUnicode)
        .Must(value => !HasControlCharacter(value, allowLineBreaks: false))
        .WithMessage("Remove the control characters (such as NUL, tab or line breaks): this is one line of text.");

    /// <summary>Free text (comments, accounts, answers): line breaks and tabs are kept; other control characters are not.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLine<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(value => IsWellFormedUnicode(value)).WithMessage(NotUnicode)
        .Must(value => !HasControlCharacter(value, allowLineBreaks: true))
        .WithMessage("Remove the control characters (such as NUL); only line breaks and tabs are allowed in this text.");

    /// <summary>Required text: blank (see <see cref="PlainText.IsBlank"/>) counts as missing. Say what to give with WithMessage.</summary>
    public static IRuleBuilderOptions<T, string?> NotBlank<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => !PlainText.IsBlank(value));

    private const string NotUnicode = "The text contains an unpaired UTF-16 surrogate; send valid Unicode text encoded as UTF-8.";

    private static bool HasControlCharacter(string? value, bool allowLineBreaks)
    {
        foreach (var c in value ?? string.Empty)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWellFormedUnicode(string? value)
    {
        var text = value ?? string.Empty;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
