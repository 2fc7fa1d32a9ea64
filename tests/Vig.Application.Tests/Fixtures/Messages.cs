namespace Vig.Application.Tests.Fixtures;

/// <summary>The validators' shared messages, as clients read them.</summary>
internal static class Messages
{
    public const string OneLine = "Remove the control characters (such as NUL, tab or line breaks): this is one line of text.";
    public const string FreeText = "Remove the control characters (such as NUL); only line breaks and tabs are allowed in this text.";

    /// <summary>FluentValidation's own message for a text one character over its limit, naming the field as clients read it.</summary>
    public static string TooLong(string field, int max) =>
        $"The length of '{field}' must be {max} characters or fewer. You entered {max + 1} characters.";
}
