using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// Records the SQL text of every command EF Core sends, so a test can compare what two requests
/// cost in statements rather than in time. Register it as a singleton <see cref="IInterceptor"/>.
/// </summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();

    /// <summary>The commands recorded since the last call, oldest first; starts afresh.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_commands.TryDequeue(out var command))
        {
            taken.Add(command);
        }

        return taken;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        base.ReaderExecuting(Record(command), eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        base.ReaderExecutingAsync(Record(command), eventData, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        base.ScalarExecuting(Record(command), eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        base.ScalarExecutingAsync(Record(command), eventData, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        base.NonQueryExecuting(Record(command), eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        base.NonQueryExecutingAsync(Record(command), eventData, result, cancellationToken);

    private DbCommand Record(DbCommand command)
    {
        _commands.Enqueue(command.CommandText);
        return command;
    }
}
