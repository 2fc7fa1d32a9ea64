using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Vig.Api.Telemetry;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// X-Correlation-ID links the requests of one conversation: taken from the client when well formed,
/// otherwise the request's trace id; echoed on the response and attached to every log entry of the
/// request. It also writes the one log line of each request, so the log gives a request rate:
/// method, route template (never the raw path or query string, which can carry a case id), status,
/// time and trace id, at Information; a 5xx or a request slower than <see cref="SlowRequest"/> at
/// Warning; health probes and scrapes that succeed at Debug. It runs outermost, so the line has the
/// final status and the exception handlers' own lines carry the correlation id.
/// </summary>
internal sealed partial class CorrelationId(RequestDelegate next, ILogger<CorrelationId> logger)
{
    public const string Header = "X-Correlation-ID";

    /// <summary>A client's id is kept when it matches this and is at most <see cref="MaxLength"/> long; otherwise one is made here.</summary>
    public const string SafePattern = "^[A-Za-z0-9._:-]+$";

    /// <summary>The longest id kept (the audit trail stores it); a made one (32 hex digits) is shorter.</summary>
    public const int MaxLength = AuditEntry.CorrelationIdMaxLength;

    /// <summary>A request taking longer than this is logged at Warning, whatever its status.</summary>
    public static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext http)
    {
        var sent = http.Request.Headers[Header].ToString();
        var traceId = TelemetrySetup.TraceIdOf(http);
        var id = sent.Length <= MaxLength && SafeValue().IsMatch(sent) ? sent : traceId;
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
                var elapsed = Stopwatch.GetElapsedTime(started);
                var status = http.Response.StatusCode;
                var level = LevelOf(status, elapsed, TelemetrySetup.IsHousekeeping(http.Request.Path));
                if (logger.IsEnabled(level))
                {
                    var route = RouteOf(http);
                    LogRequest(logger, level, http.Request.Method, route, status, elapsed.TotalMilliseconds, traceId);
                }
            }
        }
    }

    /// <summary>The route of a request no endpoint matched: its path is not logged.</summary>
    public const string Unmatched = "(no route)";

    public static LogLevel LevelOf(int statusCode, TimeSpan elapsed, bool housekeeping) => statusCode switch
    {
        >= 500 => LogLevel.Warning,
        _ when elapsed > SlowRequest => LogLevel.Warning,
        < 400 when housekeeping => LogLevel.Debug,
        _ => LogLevel.Information,
    };

    /// <summary>The matched route template; after an exception handler ran, the endpoint it recorded.</summary>
    private static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint) is RouteEndpoint { RoutePattern.RawText: { } route } ? route : Unmatched;

    [LoggerMessage(Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms, trace {TraceId}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string route, int statusCode, double elapsedMilliseconds, string traceId);

    private static readonly Func<ILogger, string, IDisposable?> CorrelationScope =
        LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    public static string Of(HttpContext http) => http.Items[Header] as string ?? string.Empty;

    [GeneratedRegex(SafePattern)]
    private static partial Regex SafeValue();
}
