namespace Vig.Api.Errors;

/// <summary>Names fields in error answers the way clients see them: camelCase JSON paths.</summary>
internal static class JsonPath
{
    /// <summary>The key used when the body as a whole is unreadable.</summary>
    public const string Body = "$";

    /// <summary>
    /// "Child.DateOfBirth" becomes "child.dateOfBirth"; "Concerns[0].Code" becomes "concerns[0].code".
    /// A use case's request body is its property Body, which is the JSON root, so "Body." is dropped.
    /// </summary>
    public static string FromPropertyPath(string propertyPath)
    {
        if (propertyPath.StartsWith("Body.", StringComparison.Ordinal))
        {
            propertyPath = propertyPath[5..];
        }

        if (string.IsNullOrEmpty(propertyPath) || propertyPath == "Body")
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
