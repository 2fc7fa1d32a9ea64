using System.Diagnostics;
using System.Text.RegularExpressions;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// X-Correlation-ID links the requests of one conversation: taken from the client when well formed,
/// otherwise made here; echoed on the response and attached to every log entry of the request.
/// It also writes the one log line of each request: method, path and status, never the query
/// string (it can carry a case id), replacing ASP.NET Core's own request log.
/// </summary>
internal sealed partial class CorrelationId(RequestDelegate next, ILogger<CorrelationId> logger)
{
    public const string Header = "X-Correlation-ID";

    /// <summary>A client's id is kept when it matches this and is at most <see cref="MaxLength"/> long; otherwise one is made here.</summary>
    public const string SafePattern = "^[A-Za-z0-9._:-]+$";

    /// <summary>The longest id kept (the audit trail stores it); a made one (32 hex digits) is shorter.</summary>
    public const int MaxLength = AuditEntry.CorrelationIdMaxLength;

    public async Task InvokeAsync(HttpContext http)
    {
        var sent = http.Request.Headers[Header].ToString();
        var id = sent.Length <= MaxLength && SafeValue().IsMatch(sent) ? sent : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        http.Items[Header] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });

        using (CorrelationScope(logger, id))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(logger, http.Request.Method, http.Request.Path, http.Response.StatusCode, elapsed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int statusCode, double elapsedMilliseconds);

    private static readonly Func<ILogger, string, IDisposable?> CorrelationScope =
        LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    public static string Of(HttpContext http) => http.Items[Header] as string ?? string.Empty;

    [GeneratedRegex(SafePattern)]
    private static partial Regex SafeValue();
}
