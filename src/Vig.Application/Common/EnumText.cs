namespace Vig.Application.Common;

/// <summary>Enum values as clients spell them: camelCase names ("informationRequested"), matched without regard to case.</summary>
public static class EnumText
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text)
            && !char.IsAsciiDigit(text[0]) && text[0] != '-'
            && Enum.TryParse(text, ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }

    public static string Name<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));
}
