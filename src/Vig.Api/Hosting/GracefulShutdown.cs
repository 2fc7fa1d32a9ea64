using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Vig.Api.Hosting;

/// <summary>How an instance stops (docs/operations.md, Shutdown and rolling restarts; ADR 0025).</summary>
internal sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long a stopping instance keeps serving while readiness answers 503, so the load balancer
    /// takes it out before it closes its port. At least the balancer's check interval x fall plus its
    /// check timeout: 10 s covers two failed checks 2 s apart (deploy/haproxy.cfg) with room to spare.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// From the stop signal to exit at most: the drain delay, then in-flight requests and background
    /// work. Below Kubernetes' default terminationGracePeriodSeconds (30) with room for its SIGKILL.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);
}

/// <summary>Whether this instance is on its way out: from the stop signal on, readiness says 503.</summary>
internal sealed class ShutdownState(IHostApplicationLifetime lifetime)
{
    private volatile bool _draining;

    public bool IsStopping => _draining || lifetime.ApplicationStopping.IsCancellationRequested;

    public void Draining() => _draining = true;
}

/// <summary>Not ready once the instance is stopping, whatever the database says.</summary>
internal sealed class ShutdownHealthCheck(ShutdownState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsStopping ? HealthCheckResult.Unhealthy("The instance is stopping.") : HealthCheckResult.Healthy());
}

/// <summary>
/// Runs before any hosted service stops, so Kestrel keeps listening: it marks the instance stopping
/// (readiness 503) and waits the drain delay, during which requests the balancer still sends are served.
/// </summary>
internal sealed partial class DrainBeforeStop(ShutdownState state, IOptions<ShutdownOptions> options, ILogger<DrainBeforeStop> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Draining();
        var delay = options.Value.DrainDelay;
        LogDraining(logger, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout passed first: stop now rather than be killed.
        }

        LogDrained(logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: readiness answers 503; serving for the drain delay of {Seconds} s before closing the port")]
    private static partial void LogDraining(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drain delay over: finishing in-flight requests and background work, then exiting")]
    private static partial void LogDrained(ILogger logger);
}

internal static class GracefulShutdownSetup
{
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.DrainDelay >= TimeSpan.Zero && o.Timeout > o.DrainDelay,
                "Shutdown__DrainDelay must not be negative and Shutdown__Timeout must be longer than it, e.g. 00:00:10 and 00:00:25.")
            .ValidateOnStart();

        // The host's own budget for stopping (default 30 s) becomes Shutdown__Timeout, drain included.
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<ShutdownState>();
        services.AddHostedService<DrainBeforeStop>();
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("stopping", tags: ["ready"]);
        return services;
    }
}
