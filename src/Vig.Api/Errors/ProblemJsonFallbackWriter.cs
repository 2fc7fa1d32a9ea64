using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Vig.Api.Errors;

/// <summary>
/// Writes a problem as application/problem+json when the framework's writer declines because the
/// request's Accept does not name JSON (e.g. Accept: text/csv for the export): an error is still
/// an error a client can read, as for every other request (docs/decisions/0004-errors.md).
/// Registered after the framework's writer, so it is used only then.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}
