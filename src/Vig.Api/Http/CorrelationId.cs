using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vig.Api.Http;

/// <summary>
/// X-Correlation-ID links the requests of one conversation: taken from the client when well formed,
/// otherwise made here; echoed on the response and attached to every log entry of the request.
/// </summary>
internal sealed partial class CorrelationId(RequestDelegate next, ILogger<CorrelationId> logger)
{
    public const string Header = "X-Correlation-ID";

    public async Task InvokeAsync(HttpContext http)
    {
        var sent = http.Request.Headers[Header].ToString();
        var id = SafeValue().IsMatch(sent) ? sent : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        http.Items[Header] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(http);
        }
    }

    public static string Of(HttpContext http) => http.Items[Header] as string ?? string.Empty;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SafeValue();
}
