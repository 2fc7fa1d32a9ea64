using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// The narrow window: when armed, the next transaction commit succeeds in the database and then
/// fails as a lost connection would, so the client never hears that its request was done.
/// </summary>
public sealed class CommitFault : DbTransactionInterceptor
{
    private int _armed;
    private int _fired;

    public int Fired => Volatile.Read(ref _fired);

    public void ArmOnce() => Interlocked.Exchange(ref _armed, 1);

    public void Disarm() => Interlocked.Exchange(ref _armed, 0);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        base.TransactionCommitted(transaction, eventData);
        FailIfArmed();
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
        FailIfArmed();
    }

    private void FailIfArmed()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref _fired);
            throw new NpgsqlException("Injected by the reliability suite: the connection was lost after the commit.", new IOException("Connection reset (injected)."));
        }
    }
}
