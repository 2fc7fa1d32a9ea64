using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vig.Infrastructure.Idempotency;

/// <summary>
/// Deletes expired idempotency keys and ended rate-limit windows once an hour (any instance may;
/// deleting twice is harmless), and folds the summary's count changes into the counts, so they
/// stay few even when no summary is asked for (ADR 0013, 0014, 0028).
/// </summary>
internal sealed partial class ExpiredKeyCleanup(NpgsqlDataSource dataSource, RateLimits.SharedRequestCounts rateLimits, TimeProvider time, ILogger<ExpiredKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                LogDeleted(logger, deleted);
                await rateLimits.DeleteEndedAsync(time.GetUtcNow() - TimeSpan.FromMinutes(2), stoppingToken);
                await using var fold = dataSource.CreateCommand(Reports.ReportsDatabase.FoldCountChanges);
                await fold.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at < $1");
        command.Parameters.AddWithValue(time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency key(s)")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired idempotency keys or rate-limit windows, or fold the summary's counts; will retry in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
