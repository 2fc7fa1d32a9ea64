using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// Makes the API's database calls fail on demand, the way a lost connection does (an I/O error
/// inside NpgsqlException), without stopping the server the other tests use.
/// </summary>
public sealed class DatabaseFaults : DbCommandInterceptor
{
    private string? _commandContaining;
    private int _commandFailures;
    private string? _sqlState;

    /// <summary>
    /// The next <paramref name="times"/> EF commands whose SQL contains the text fail before reaching
    /// the server: as a lost connection, or with the server error <paramref name="sqlState"/>.
    /// </summary>
    public void FailCommands(string sqlContaining, int times = 1, string? sqlState = null)
    {
        _commandContaining = sqlContaining;
        _sqlState = sqlState;
        Volatile.Write(ref _commandFailures, times);
    }

    /// <summary>How many armed failures have not happened yet.</summary>
    public int PendingFailures => Volatile.Read(ref _commandFailures);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfArmed(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FailIfArmed(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfArmed(DbCommand command)
    {
        if (_commandContaining is { } text && command.CommandText.Contains(text, StringComparison.Ordinal) && Interlocked.Decrement(ref _commandFailures) >= 0)
        {
            throw _sqlState is { } state
                ? new PostgresException("Injected server error.", "ERROR", "ERROR", state)
                : new NpgsqlException("Injected: the connection was lost.", new IOException("injected fault"));
        }
    }
}

/// <summary>Loses the answer of the next commit after the commit has happened: the narrow window of an unknown outcome.</summary>
public sealed class LostCommitAnswers : DbTransactionInterceptor
{
    private int _armed;

    public void LoseNext() => Volatile.Write(ref _armed, 1);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _armed, 0) == 1
            ? throw new NpgsqlException("Injected: the connection broke after COMMIT reached the server.", new IOException("injected fault"))
            : base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
}
