using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Vig.Api.Http;

/// <summary>
/// Request bodies are JSON in UTF-8 (RFC 8259). A Content-Type whose charset is anything else
/// (another encoding, an unknown name, or empty) is refused with 415 before anything reads the
/// body, rather than transcoded or failing deep in the JSON reader. "utf-8" in any case, quoted or
/// not, is accepted; a quoted one is passed on unquoted, as the JSON reader does not unquote it.
/// </summary>
internal sealed partial class Utf8RequestBodies(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public const string Code = "request.unsupported-charset";

    public async Task InvokeAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType;

        // A header that does not parse is left to the endpoint, which answers 415 for it.
        if (contentType is null
            || !contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            await next(http);
            return;
        }

        var charsets = mediaType.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        var refused = charsets.Select(p => HeaderUtilities.RemoveQuotes(p.Value).ToString()).FirstOrDefault(c => !c.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
        if (refused is not null)
        {
            await RefuseAsync(http, refused);
            return;
        }

        if (charsets.Count > 0 && !(charsets.Count == 1 && charsets[0].Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var charset in charsets)
            {
                mediaType.Parameters.Remove(charset);
            }

            mediaType.Charset = "utf-8";
            http.Request.ContentType = mediaType.ToString();
        }

        await next(http);
    }

    private async Task RefuseAsync(HttpContext http, string charset)
    {
        // The charset is the client's own text: named back only when it looks like a charset name.
        var named = charset.Length == 0 ? "An empty charset"
            : CharsetName().IsMatch(charset) ? $"The charset '{charset}'"
            : "The charset given";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = $"{named} is not supported. Send the body as UTF-8: Content-Type: application/json, or application/json; charset=utf-8.",
        };
        problem.Extensions["code"] = Code;
        http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        await problemDetails.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    [GeneratedRegex("^[A-Za-z0-9._:+-]{1,40}$")]
    private static partial Regex CharsetName();
}
