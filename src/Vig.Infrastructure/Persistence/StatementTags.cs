using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Adds to EF Core's own query the two things LINQ cannot say (ADR 0023): the row lock a change takes
/// on its referral (<see cref="ForUpdate"/>), and the audit record an audited read writes in the same
/// statement (<see cref="AuditedRead"/>, ADR 0013). A query asks for one with <c>TagWith</c>; EF Core
/// still writes the query and materialises its rows, whatever the tag adds around them.
/// </summary>
internal sealed class StatementTags : DbCommandInterceptor
{
    /// <summary>The query is followed by FOR UPDATE: its rows stay locked until the transaction ends.</summary>
    public const string ForUpdate = "vig:for-update";

    /// <summary>
    /// The query becomes the CTE <c>found</c> of a statement that also writes the read's audit record
    /// (<see cref="VigDbContext.AuditNextRead"/>), so the read costs one round trip and one commit.
    /// </summary>
    public const string AuditedRead = "vig:audited-read";

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Rewrite(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Rewrite(DbCommand command, CommandEventData eventData)
    {
        var text = command.CommandText;
        if (IsTagged(text, ForUpdate))
        {
            command.CommandText = text + "\nFOR UPDATE";
        }
        else if (IsTagged(text, AuditedRead))
        {
            var audit = (eventData.Context as VigDbContext)?.TakeAuditedRead()
                ?? throw new InvalidOperationException("An audited read was sent without its audit record: call VigDbContext.AuditNextRead first.");
            command.CommandText = $"WITH found AS (\n{text}\n),\n{audit.Cte}\nSELECT * FROM found";
            command.Parameters.AddRange(audit.Parameters);
        }
    }

    // EF Core writes each tag as a comment line at the head of the query.
    private static bool IsTagged(string text, string tag) => text.StartsWith($"-- {tag}\n", StringComparison.Ordinal);
}

/// <summary>The audit CTE (<c>recorded AS (...)</c>, reading the CTE <c>found</c>) and its parameters.</summary>
internal sealed record AuditedRead(string Cte, NpgsqlParameter[] Parameters);
