using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vig.Application.Common;

namespace Vig.Infrastructure.Idempotency;

/// <summary>Deletes expired idempotency keys once an hour (any instance may; deleting twice is harmless).</summary>
internal sealed partial class ExpiredKeyCleanup(IServiceProvider services, TimeProvider time, ILogger<ExpiredKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await services.GetRequiredService<IIdempotencyStore>().DeleteExpiredAsync(stoppingToken);
                LogDeleted(logger, deleted);
            }
            catch (NpgsqlException ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency key(s)")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired idempotency keys; will retry in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
