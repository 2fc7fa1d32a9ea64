namespace Vig.Api.Errors;

/// <summary>Names fields in error answers the way clients see them: camelCase JSON paths.</summary>
internal static class JsonPath
{
    /// <summary>The key used when the body as a whole is unreadable.</summary>
    public const string Body = "$";

    /// <summary>"Child.DateOfBirth" becomes "child.dateOfBirth"; "Concerns[0].Code" becomes "concerns[0].code".</summary>
    public static string FromPropertyPath(string propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return Body;
        }

        var segments = propertyPath.Split('.');
        return string.Join('.', segments.Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
    }

    /// <summary>System.Text.Json reports "$.child.dateOfBirth"; clients get "child.dateOfBirth".</summary>
    public static string FromJsonExceptionPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? Body : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
