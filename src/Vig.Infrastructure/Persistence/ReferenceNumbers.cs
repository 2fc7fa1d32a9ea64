using Microsoft.EntityFrameworkCore;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Referral numbers from the shared sequence, taken by each instance in blocks of
/// <see cref="BlockSize"/> with one statement, so a create costs no round trip of its own (ADR
/// 0021). Numbers stay unique across instances but, as with any sequence, can be skipped (the rest
/// of a block when the instance stops) and instances interleave. A block is dropped once the
/// database was lost or switched (ADR 0026): after a failover the new primary's sequence can be
/// behind the old one's, and a kept block would repeat numbers it hands out.
/// </summary>
internal sealed class ReferenceNumbers(DatabaseFailures failures) : IDisposable
{
    public const int BlockSize = 20;

    /// <summary>The unique index on referrals.reference.</summary>
    public const string UniqueIndex = "ix_referrals_reference";

    private long _generation;

    private const string TakeSql = $"SELECT nextval('{VigDbContext.ReferralNumberSequence}') AS \"Value\" FROM generate_series(1, {{0}}) ORDER BY 1";

    private readonly SemaphoreSlim _refill = new(1, 1);
    private readonly Queue<long> _numbers = new();

    public async ValueTask<long> NextAsync(VigDbContext db, CancellationToken cancellationToken)
    {
        if (TryTake(out var number))
        {
            return number;
        }

        await _refill.WaitAsync(cancellationToken);
        try
        {
            if (TryTake(out number))
            {
                return number;
            }

            // nextval is never rolled back, so the block is this instance's whatever becomes of the
            // request that took it; taking it writes nothing, so a failure here can be run again.
            var block = await db.Database.SqlQueryRaw<long>(TakeSql, BlockSize).ToListAsync(cancellationToken);
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

    private bool TryTake(out long number)
    {
        lock (_numbers)
        {
            if (failures.Generation != _generation)
            {
                _numbers.Clear();
                _generation = failures.Generation;
            }

            return _numbers.TryDequeue(out number);
        }
    }

    public void Dispose() => _refill.Dispose();
}
