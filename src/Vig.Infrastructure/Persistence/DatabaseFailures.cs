using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Tells the database being away (stopped, restarting, refusing connections, out of connection
/// slots, or a connection lost mid-request) from a bug. Npgsql keeps connections a restart has
/// killed in its pool, so recognising a lost connection also drops the idle ones: the next
/// request opens a fresh connection instead of drawing another dead one.
/// </summary>
public sealed class DatabaseFailures(NpgsqlDataSource dataSource)
{
    /// <summary>How long a client should wait before retrying an answer of 503.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>True when the client should retry later (503); false for anything that is a bug (500).</summary>
    public bool IsUnavailable(Exception failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case PostgresException postgres when IsConnectionLost(postgres.SqlState):
                    dataSource.Clear();
                    return true;
                case PostgresException postgres:
                    // Out of connection slots or memory (class 53), serialisation failures, deadlocks, lock timeouts.
                    return postgres.IsTransient;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    // No server answered, a socket broke or a timeout passed: the connection cannot be trusted.
                    dataSource.Clear();
                    return true;
            }
        }

        return false;
    }

    /// <summary>Connection exceptions (class 08) and the server shutting down or starting up (57P01-57P03).</summary>
    private static bool IsConnectionLost(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03";
}
