using Microsoft.Extensions.Options;
using Npgsql;
using Vig.Application.Common;

namespace Vig.Infrastructure.Idempotency;

/// <summary>
/// Keys in PostgreSQL. A claim is one atomic INSERT ... ON CONFLICT, so of several requests with the
/// same key on any number of instances exactly one wins; an expired key, or a claim abandoned by a
/// crashed process, can be claimed afresh.
/// </summary>
internal sealed class PostgresIdempotencyStore : IIdempotencyStore
{
    private const string Started = "started";
    private const string Completed = "completed";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly IdempotencyOptions _options;

    public PostgresIdempotencyStore(NpgsqlDataSource dataSource, TimeProvider time, IOptions<IdempotencyOptions> options)
    {
        _dataSource = dataSource;
        _time = time;
        _options = options.Value;
    }

    public async Task<IdempotencyClaim> ClaimAsync(string clientId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using (var claim = _dataSource.CreateCommand(
            """
            INSERT INTO idempotency_keys (client_id, key, fingerprint, state, created_at, expires_at)
            VALUES ($1, $2, $3, 'started', $4, $5)
            ON CONFLICT (client_id, key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, state = 'started', created_at = EXCLUDED.created_at,
                   expires_at = EXCLUDED.expires_at, response_status = NULL, response_content_type = NULL,
                   response_location = NULL, response_etag = NULL, response_body = NULL
             WHERE idempotency_keys.expires_at < $4
                OR (idempotency_keys.state = 'started' AND idempotency_keys.created_at < $6)
            RETURNING 1
            """))
        {
            claim.Parameters.AddWithValue(clientId);
            claim.Parameters.AddWithValue(key);
            claim.Parameters.AddWithValue(fingerprint);
            claim.Parameters.AddWithValue(now);
            claim.Parameters.AddWithValue(now + _options.Retention);
            claim.Parameters.AddWithValue(now - _options.AbandonedAfter);
            if (await claim.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return new IdempotencyClaim(IdempotencyClaimResult.Claimed);
            }
        }

        await using var read = _dataSource.CreateCommand(
            """
            SELECT fingerprint, state, response_status, response_content_type, response_location, response_etag, response_body
              FROM idempotency_keys WHERE client_id = $1 AND key = $2
            """);
        read.Parameters.AddWithValue(clientId);
        read.Parameters.AddWithValue(key);
        await using var row = await read.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            // Released between our insert and our read: the client may simply retry.
            return new IdempotencyClaim(IdempotencyClaimResult.InFlight);
        }

        if (row.GetString(0) != fingerprint)
        {
            return new IdempotencyClaim(IdempotencyClaimResult.Mismatch);
        }

        if (row.GetString(1) != Completed)
        {
            return new IdempotencyClaim(IdempotencyClaimResult.InFlight);
        }

        var response = new StoredResponse(
            row.GetInt32(2),
            row.IsDBNull(3) ? null : row.GetString(3),
            row.IsDBNull(4) ? null : row.GetString(4),
            row.IsDBNull(5) ? null : row.GetString(5),
            row.IsDBNull(6) ? [] : (byte[])row[6]);
        return new IdempotencyClaim(IdempotencyClaimResult.Completed, response);
    }

    public async Task CompleteAsync(string clientId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE idempotency_keys
               SET state = 'completed', response_status = $3, response_content_type = $4,
                   response_location = $5, response_etag = $6, response_body = $7
             WHERE client_id = $1 AND key = $2 AND state = 'started'
            """);
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(response.StatusCode);
        command.Parameters.AddWithValue((object?)response.ContentType ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)response.Location ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)response.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue(response.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"DELETE FROM idempotency_keys WHERE client_id = $1 AND key = $2 AND state = '{Started}'");
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at < $1");
        command.Parameters.AddWithValue(_time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
