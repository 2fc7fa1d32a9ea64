using System.Diagnostics;
using System.Text.RegularExpressions;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// X-Correlation-ID links the requests of one conversation: taken from the client when well formed,
/// otherwise made here; echoed on the response and attached to every log entry of the request.
/// It also writes the one log line of each request: method, path and status, never the query
/// string (it can carry a case id), replacing ASP.NET Core's own request log. A request answered
/// 2xx or 3xx within <see cref="SlowRequest"/> is logged at Debug, a 4xx at Information, a 5xx or
/// a slow request at Warning: at the default level the log shows what needs a look, and writing a
/// line for every good request cost about a tenth of the CPU of a referral read (docs/performance.md).
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
                var elapsed = Stopwatch.GetElapsedTime(started);
                var status = http.Response.StatusCode;
                var level = LevelOf(status, elapsed);
                if (logger.IsEnabled(level))
                {
                    LogRequest(logger, level, http.Request.Method, http.Request.Path, status, elapsed.TotalMilliseconds);
                }
            }
        }
    }

    public static LogLevel LevelOf(int statusCode, TimeSpan elapsed) => statusCode switch
    {
        >= 500 => LogLevel.Warning,
        _ when elapsed > SlowRequest => LogLevel.Warning,
        >= 400 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, PathString path, int statusCode, double elapsedMilliseconds);

    private static readonly Func<ILogger, string, IDisposable?> CorrelationScope =
        LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    public static string Of(HttpContext http) => http.Items[Header] as string ?? string.Empty;

    [GeneratedRegex(SafePattern)]
    private static partial Regex SafeValue();
}
