using Microsoft.EntityFrameworkCore;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Referral numbers from the shared sequence. A create inside a keyed request's transaction takes
/// its number from a block of <see cref="BlockSize"/> that this instance took by one statement,
/// so it costs no round trip of its own (ADR 0013); numbers stay unique across instances but, as
/// with any sequence, can be skipped (the rest of a block when the instance stops) and instances
/// interleave. A create without a key asks the sequence itself: that SELECT is its first contact
/// with the database and writes nothing, so a connection a database restart killed fails there
/// and the request is run again (RetryOnLostConnection) instead of failing at its save.
/// </summary>
internal sealed class ReferenceNumbers : IDisposable
{
    public const int BlockSize = 20;

    private const string TakeSql = $"SELECT nextval('{VigDbContext.ReferralNumberSequence}') AS \"Value\" FROM generate_series(1, {{0}}) ORDER BY 1";

    private readonly SemaphoreSlim _refill = new(1, 1);
    private readonly Queue<long> _numbers = new();

    public async ValueTask<long> NextAsync(VigDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return (await TakeAsync(db, 1, cancellationToken))[0];
        }

        lock (_numbers)
        {
            if (_numbers.TryDequeue(out var number))
            {
                return number;
            }
        }

        await _refill.WaitAsync(cancellationToken);
        try
        {
            lock (_numbers)
            {
                if (_numbers.TryDequeue(out var number))
                {
                    return number;
                }
            }

            // Runs on the request's connection, in its transaction if it has one: nextval is never
            // rolled back, so the block is this instance's whatever becomes of the transaction.
            var block = await TakeAsync(db, BlockSize, cancellationToken);
            lock (_numbers)
            {
                foreach (var taken in block.Skip(1))
                {
                    _numbers.Enqueue(taken);
                }
            }

            return block[0];
        }
        finally
        {
            _refill.Release();
        }
    }

    private static Task<List<long>> TakeAsync(VigDbContext db, int count, CancellationToken cancellationToken) =>
        db.Database
            .SqlQueryRaw<long>(TakeSql, count)
            .ToListAsync(cancellationToken);

    public void Dispose() => _refill.Dispose();
}
