using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>Ready only when PostgreSQL answers a query.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private readonly NpgsqlDataSource _dataSource = dataSource;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The exception text can name hosts and users: report only its type.
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer ({ex.GetType().Name}).");
        }
    }
}
