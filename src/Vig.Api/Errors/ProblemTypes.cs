using Microsoft.AspNetCore.Mvc;

namespace Vig.Api.Errors;

/// <summary>
/// ASP.NET Core names a problem's type for most statuses; these it leaves out. Every problem answer
/// has a type, as the document promises (Contracts/ProblemResponse.cs).
/// </summary>
internal static class ProblemTypes
{
    private static readonly Dictionary<int, string> Missing = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status428PreconditionRequired] = "https://tools.ietf.org/html/rfc6585#section-3",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
        [StatusCodes.Status431RequestHeaderFieldsTooLarge] = "https://tools.ietf.org/html/rfc6585#section-5",
    };

    public static void Fill(ProblemDetails problem)
    {
        if (problem.Type is null && problem.Status is { } status)
        {
            problem.Type = Missing.TryGetValue(status, out var type) ? type : "about:blank";
        }
    }
}
