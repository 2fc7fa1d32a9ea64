using MediatR;
using Npgsql;
using Vig.Application.ServiceLevels;

namespace Vig.Api.Hosting;

/// <summary>
/// Looks for service-level clocks past their due time every ServiceLevels:OverdueCheckInterval and
/// raises each one's overdue event, once whichever instances look (ADR 0031). The referrals are
/// changed by "system", the caller outside any request.
/// </summary>
internal sealed partial class OverdueClocks(IServiceScopeFactory scopes, ServiceLevelOptions options, ILogger<OverdueClocks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RaiseOverdue)
        {
            return;
        }

        // Real time between looks, whatever clock the service reads for "now".
        using var timer = new PeriodicTimer(options.OverdueCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var raised = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RaiseOverdueClocks(), stoppingToken);
                if (raised > 0)
                {
                    LogRaised(logger, raised);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Raised {Count} overdue clock event(s)")]
    private static partial void LogRaised(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for overdue clocks; will look again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
