using System.Diagnostics;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Tells the database being away (stopped, restarting, refusing connections, out of connection
/// slots, a connection lost mid-request, or no writable primary during a failover) from a bug.
/// Npgsql keeps connections a restart has killed in its pool, so recognising a lost connection
/// also drops the idle ones: the next request opens a fresh connection instead of drawing another
/// dead one. During a failover it also forgets which host was primary (ADR 0026).
/// </summary>
public sealed class DatabaseFailures(NpgsqlDataSource dataSource)
{
    /// <summary>How long a client should wait before retrying an answer of 503.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The key of possible_duplicates: one row per pair of referrals.</summary>
    private const string PossibleDuplicatesKey = "pk_possible_duplicates";

    /// <summary>At most this often the hosts' roles are asked again, so an outage does not make every request probe them.</summary>
    private static readonly TimeSpan ForgetRolesAtMostEvery = TimeSpan.FromSeconds(1);

    private long _rolesForgottenAt = long.MinValue;

    private long _generation;

    /// <summary>
    /// Changes whenever the database may have been switched or lost: a reference number block taken
    /// before then may also have been handed out by the new primary (ReferenceNumbers drops it).
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True when the client should retry later (503); false for anything that is a bug (500).</summary>
    public bool IsUnavailable(Exception failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case PostgresException postgres when IsConnectionLost(postgres.SqlState):
                    Lost();
                    return true;
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ReferenceNumbers.UniqueIndex }:
                    // A sequence's advance is not replicated synchronously (nextval assigns no transaction id), so
                    // after a failover the new primary can hand out numbers of a block taken from the old one.
                    Interlocked.Increment(ref _generation);
                    return true;
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PossibleDuplicatesKey }:
                    // Two submissions linked the same pair at the same moment: run again, the search then
                    // finds the pair the other one saved and leaves it be (ADR 0030).
                    return true;
                case PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }:
                    // A write reached a standby or a primary set read-only: a failover is under way.
                    ForgetHostRoles();
                    return true;
                case PostgresException { SqlState: PostgresErrorCodes.DuplicatePreparedStatement or PostgresErrorCodes.InvalidSqlStatementName }:
                    // Npgsql's record of the statements it prepared on this connection no longer matches the
                    // server's (seen after a failover, the 42P05 of npgsql/npgsql#4082): the connection is
                    // useless, so every pooled one is dropped and the request runs again on a fresh one.
                    Lost();
                    return true;
                case PostgresException postgres:
                    // Out of connection slots or memory (class 53), serialisation failures, deadlocks, lock timeouts.
                    return postgres.IsTransient;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    // No server answered, a socket broke or a timeout passed: the connection cannot be trusted.
                    Lost();
                    return true;
                case NpgsqlException npgsql when IsNoSuitableHost(npgsql):
                    ForgetHostRoles();
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Drops idle connections and, with several hosts, Npgsql's cached role of each (kept for Host
    /// Recheck Seconds), so the next connection asks which host is primary now: writes resume as soon
    /// as a standby is promoted instead of when the cache expires.
    /// </summary>
    public void ForgetHostRoles()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _rolesForgottenAt);
        if (last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < ForgetRolesAtMostEvery)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _rolesForgottenAt, now, last) != last)
        {
            return;
        }

        Lost();
        if (dataSource is NpgsqlMultiHostDataSource hosts)
        {
            hosts.ClearDatabaseStates();
        }
    }

    /// <summary>Drops the pool's idle connections (busy ones are closed when returned).</summary>
    private void Lost()
    {
        Interlocked.Increment(ref _generation);
        dataSource.Clear();
    }

    /// <summary>
    /// Every host of a multi-host connection string is offline or not of the wanted role (e.g. no
    /// primary while a standby is being promoted): Npgsql says so with a plain NpgsqlException that
    /// has no cause and no SQLSTATE ("No suitable host was found.").
    /// </summary>
    private bool IsNoSuitableHost(NpgsqlException failure) =>
        dataSource is NpgsqlMultiHostDataSource && failure.GetType() == typeof(NpgsqlException) && failure.InnerException is null && failure.SqlState is null;

    /// <summary>Connection exceptions (class 08) and the server shutting down or starting up (57P01-57P03).</summary>
    private static bool IsConnectionLost(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03";
}
