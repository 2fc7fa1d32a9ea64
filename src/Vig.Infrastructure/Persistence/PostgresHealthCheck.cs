using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Ready only when PostgreSQL answers a query and would accept a write: a standby, or a primary set
/// read-only, is not ready, so a load balancer sends no traffic to an instance that cannot write.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, DatabaseFailures failures) : IHealthCheck
{
    private readonly NpgsqlDataSource _dataSource = dataSource;
    private readonly DatabaseFailures _failures = failures;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT current_setting('transaction_read_only') = 'off'");
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return HealthCheckResult.Healthy();
            }

            // Connected to a standby (one host, or Target Session Attributes=any): ask again which is primary.
            _failures.ForgetHostRoles();
            return HealthCheckResult.Unhealthy("PostgreSQL is read-only (a standby, or a primary set read-only): writes would fail.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Clears dead connections and forgotten roles as a request's failure would, so an idle
            // instance notices a promotion too. The exception text can name hosts and users: report only its type.
            _failures.IsUnavailable(ex);
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer or has no writable primary ({ex.GetType().Name}).");
        }
    }
}
