using Npgsql;

namespace Vig.Infrastructure.RateLimits;

/// <summary>
/// Each client's requests per rate-limit window, counted in one PostgreSQL row that every instance
/// adds to, so a client's limit holds however many instances serve it (ADR 0028). The table is
/// unlogged: a count is worth less than the WAL and the standby's acknowledgement it would cost,
/// and a crash or failover only forgets the current minute.
/// </summary>
public sealed class SharedRequestCounts(NpgsqlDataSource dataSource)
{
    /// <summary>Counts one request of <paramref name="client"/> in the window starting at <paramref name="window"/>; returns the window's count, this request included.</summary>
    public async Task<long> CountAsync(string client, DateTimeOffset window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO rate_limit_windows AS w (client, window_start, used) VALUES ($1, $2, 1)
            ON CONFLICT (client, window_start) DO UPDATE SET used = w.used + 1
            RETURNING w.used
            """);
        command.Parameters.AddWithValue(client);
        command.Parameters.AddWithValue(window);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Forgets the windows that started before <paramref name="before"/>.</summary>
    public async Task<int> DeleteEndedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM rate_limit_windows WHERE window_start < $1");
        command.Parameters.AddWithValue(before);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
