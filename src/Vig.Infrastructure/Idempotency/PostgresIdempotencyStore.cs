using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Vig.Application.Common;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.Idempotency;

/// <summary>
/// Keys in PostgreSQL, in the request's own transaction. A transaction-scoped advisory lock on
/// (client, key) admits one request with a key at a time on any number of instances (others wait
/// for it up to <see cref="IdempotencyOptions.InFlightWait"/>, then get 409) and is
/// released by the commit or the rollback, also when a process or the server dies; the stored
/// answer is inserted by the same transaction as the change. So there are no claims to abandon:
/// a key either has a committed answer or is free.
/// </summary>
internal sealed class PostgresIdempotencyStore(VigDbContext db, DatabaseFailures failures, TimeProvider time, IOptions<IdempotencyOptions> options) : IIdempotencyStore
{
    private const int LookupColumns = 6;

    public async Task<IIdempotentRequest> BeginAsync(string clientId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        // Nothing is written before the lookup, so a lost connection here is retried on a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // EF Core would wrap each save in this transaction in a savepoint (SAVEPOINT and RELEASE,
            // two more statements) so that a failed save could be undone alone. Not needed: a save
            // that fails with an error ends the request with a 5xx, whose answer is never stored, so
            // the transaction is rolled back whole; and a save cannot fail half done on a stale
            // version here, as the referral it changes was loaded FOR UPDATE in this transaction
            // (ReferralRepository.FindAsync). The pooled context gets its default back on return.
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                var (result, stored) = await LookUpAsync(transaction, clientId, key, fingerprint, cancellationToken);
                return new Request(db, transaction, options.Value, time, clientId, key, fingerprint, result, stored);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // The request holding the key ran longer than we wait for it.
                await Request.DiscardAsync(db, transaction);
                return new Request(db, null, options.Value, time, clientId, key, fingerprint, IdempotencyClaimResult.InFlight, null);
            }
            catch (Exception ex) when (attempt < IRequestRetryPolicy.MaxAttempts && failures.IsUnavailable(ex))
            {
                await Request.DiscardAsync(db, transaction);
            }
            catch
            {
                await Request.DiscardAsync(db, transaction);
                throw;
            }
        }
    }

    private async Task<(IdempotencyClaimResult, StoredResponse?)> LookUpAsync(IDbContextTransaction transaction, string clientId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        // One round trip: BEGIN, wait (boundedly) for the key's lock, then read its answer. A
        // duplicate sent while the first request runs thus gets the first request's answer once
        // it commits. The read is its own statement so that its snapshot is taken after the lock
        // is held: an answer committed by the request that held the lock before us is always seen.
        // (READ COMMITTED takes a snapshot per statement, also per statement of one batch; checked
        // by ConcurrencyTests in tests/Vig.Reliability.Tests: 50 simultaneous POSTs with one key
        // wait on the lock and all answer the first one's 201, one referral stored.)
        var wait = (long)options.Value.InFlightWait.TotalMilliseconds;
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction())
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true)") { Parameters = { new() { Value = $"{Math.Max(1, wait)}ms" } } },
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended(length($1) || ':' || $1 || $2, 0))")
                {
                    Parameters = { new() { Value = clientId }, new() { Value = key } },
                },
                new NpgsqlBatchCommand("SET LOCAL lock_timeout TO DEFAULT"),
                new NpgsqlBatchCommand(
                    """
                    SELECT fingerprint, response_status, response_content_type, response_location, response_etag, response_body
                      FROM idempotency_keys WHERE client_id = $1 AND key = $2 AND expires_at > $3
                    """)
                {
                    Parameters = { new() { Value = clientId }, new() { Value = key }, new() { Value = time.GetUtcNow() } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (reader.FieldCount != LookupColumns && await reader.NextResultAsync(cancellationToken))
        {
            // The set-up statements' results come first; the lookup's is the last.
        }

        if (!await reader.ReadAsync(cancellationToken))
        {
            return (IdempotencyClaimResult.Claimed, null);
        }

        if (reader.GetString(0) != fingerprint)
        {
            return (IdempotencyClaimResult.Mismatch, null);
        }

        var stored = new StoredResponse(
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetFieldValue<byte[]>(5));
        return (IdempotencyClaimResult.Completed, stored);
    }

    private sealed class Request(
        VigDbContext db, IDbContextTransaction? transaction, IdempotencyOptions options, TimeProvider time,
        string clientId, string key, string fingerprint, IdempotencyClaimResult result, StoredResponse? stored) : IIdempotentRequest
    {
        private bool _finished;

        public IdempotencyClaimResult Result => result;

        public StoredResponse? StoredResponse => stored;

        public async Task CommitAsync(StoredResponse response, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(response);
            if (result != IdempotencyClaimResult.Claimed)
            {
                throw new InvalidOperationException($"Only a claimed key can be completed; this one is {result}.");
            }

            _finished = true;
            var now = time.GetUtcNow();

            // An expired answer of the same key may still be there: we hold the key's lock and saw
            // no live answer, so it is replaced.
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO idempotency_keys (client_id, key, fingerprint, created_at, expires_at, response_status, response_content_type, response_location, response_etag, response_body)
                VALUES ({clientId}, {key}, {fingerprint}, {now}, {now + options.Retention}, {response.StatusCode}, {response.ContentType}, {response.Location}, {response.ETag}, {response.Body})
                ON CONFLICT (client_id, key) DO UPDATE
                   SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                       response_status = EXCLUDED.response_status, response_content_type = EXCLUDED.response_content_type,
                       response_location = EXCLUDED.response_location, response_etag = EXCLUDED.response_etag, response_body = EXCLUDED.response_body
                """,
                cancellationToken);
            await transaction!.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_finished && transaction is not null)
            {
                _finished = true;
                await DiscardAsync(db, transaction);
            }
        }

        /// <summary>Rolls back; on a lost connection there is nothing left to roll back, and the connection is closed.</summary>
        public static async Task DiscardAsync(VigDbContext db, IDbContextTransaction transaction)
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The server rolls back an open transaction whose connection is gone.
            }

            await transaction.DisposeAsync();
            db.Forget();
            await db.Database.CloseConnectionAsync();
        }
    }
}
