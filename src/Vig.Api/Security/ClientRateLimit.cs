using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Vig.Api.Telemetry;
using Vig.Application.Common;
using Vig.Infrastructure.RateLimits;

namespace Vig.Api.Security;

/// <summary>
/// Each client may make RateLimiting:PermitsPerMinute requests in each minute of the clock, counted
/// in PostgreSQL so the limit holds whichever instances serve them (ADR 0028). While that count
/// cannot be reached, each instance counts on its own and warns: a missing count never refuses a
/// request. Every answer says the limit, what is left and when the window resets.
/// </summary>
internal sealed partial class ClientRateLimit(
    RequestDelegate next,
    SharedRequestCounts shared,
    IConfiguration configuration,
    TimeProvider time,
    ServiceMetrics metrics,
    IProblemDetailsService problems,
    ILogger<ClientRateLimit> logger)
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    /// <summary>A client's window: one minute of the clock, the same minute on every instance.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>A shared count slower than this is not worth waiting for: the request is counted here.</summary>
    private static readonly TimeSpan SharedCountTimeout = TimeSpan.FromSeconds(1);

    /// <summary>After a failed shared count, each instance counts alone this long before trying again.</summary>
    private static readonly TimeSpan SharedRetryDelay = TimeSpan.FromSeconds(10);

    private readonly int _permits = configuration.GetValue("RateLimiting:PermitsPerMinute", 300);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _countedHere = [];
    private DateTimeOffset _windowCountedHere;
    private long _sharedAwayUntilTicks;

    public async Task InvokeAsync(HttpContext http)
    {
        if (TelemetrySetup.IsHousekeeping(http.Request.Path))
        {
            await next(http);
            return;
        }

        var now = time.GetUtcNow();
        var window = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);
        var clientId = http.User.FindFirst(Caller.ClientIdType)?.Value;
        var used = await CountAsync(clientId ?? "address:" + http.Connection.RemoteIpAddress, window, now, http.RequestAborted);

        http.Response.OnStarting(() =>
        {
            // Worked out as the answer leaves, so a slow request does not overstate the wait.
            var reset = Math.Max(0, (int)Math.Ceiling((window + Window - time.GetUtcNow()).TotalSeconds));
            http.Response.Headers[LimitHeader] = _permits.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers[RemainingHeader] = Math.Max(0, _permits - used).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers[ResetHeader] = reset.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        if (used <= _permits)
        {
            await next(http);
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling((window + Window - now).TotalSeconds));
        metrics.RateLimitRefusal(clientId ?? "anonymous");
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = $"Too many requests from this client. Retry after {seconds} seconds.",
        };
        problem.Extensions["code"] = "request.rate-limited";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private async Task<long> CountAsync(string client, DateTimeOffset window, DateTimeOffset now, CancellationToken aborted)
    {
        if (now.UtcTicks >= Volatile.Read(ref _sharedAwayUntilTicks))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(SharedCountTimeout);
            try
            {
                return await shared.CountAsync(client, window, timeout.Token);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException || (ex is OperationCanceledException && !aborted.IsCancellationRequested))
            {
                Volatile.Write(ref _sharedAwayUntilTicks, (now + SharedRetryDelay).UtcTicks);
                metrics.RateLimitSharedCountFailed();
                LogCountingHere(logger, (int)SharedRetryDelay.TotalSeconds, $"{ex.GetType().Name}: {ex.Message}");
            }
        }

        return CountHere(client, window);
    }

    private long CountHere(string client, DateTimeOffset window)
    {
        lock (_gate)
        {
            if (window != _windowCountedHere)
            {
                _countedHere.Clear();
                _windowCountedHere = window;
            }

            var used = _countedHere.GetValueOrDefault(client) + 1;
            _countedHere[client] = used;
            return used;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits are counted per instance: the shared count in PostgreSQL could not be reached ({Failure}). Each instance now lets a client make the whole limit; trying the shared count again in {Seconds} s")]
    private static partial void LogCountingHere(ILogger logger, int seconds, string failure);
}
