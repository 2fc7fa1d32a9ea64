using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vig.Application.Events;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.Events;

/// <summary>
/// The feed over the outbox, in one statement with its audit record (ADR 0013). Only events whose
/// transaction id is below the statement snapshot's xmin are served: every transaction older than
/// that has ended, so the set of such events can no longer grow, and ordering by (transaction id,
/// position) gives a cursor that never skips an event committed late (docs/decisions/0018).
/// </summary>
internal sealed class EventFeed(VigDbContext db, ReadAudit audit) : IEventFeed
{
    public async Task<IReadOnlyList<FeedEvent>> ReadAsync(EventCursor after, string? owningClient, int take, string auditAction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        var parameters = new List<NpgsqlParameter>
        {
            new NpgsqlParameter<int>("take", take),
            new NpgsqlParameter<string>("after_tx", after.TransactionId.ToString(CultureInfo.InvariantCulture)),
            new NpgsqlParameter<long>("after_position", after.Position),
        };
        var owner = string.Empty;
        if (owningClient is not null)
        {
            owner = "AND e.owning_client = @owner";
            parameters.Add(new NpgsqlParameter<string>("owner", owningClient));
        }

        var sql = $"""
            WITH page AS (
                SELECT e.transaction_id::text AS transaction_id, e.position, e.id, e.type, e.occurred_at, e.referral_id, e.reference,
                       e.status, e.version, e.owning_client, e.verdict, e.reason_code, e.outcome
                  FROM referral_events e
                 WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                   AND (e.transaction_id, e.position) > (@after_tx::xid8, @after_position)
                   {owner}
                 ORDER BY e.transaction_id, e.position
                 LIMIT @take
            ),
            {ReadAudit.Cte("@audit_action")}
            SELECT * FROM page ORDER BY transaction_id::xid8, position
            """;
        parameters.AddRange(audit.Parameters(auditAction, null));
        var rows = await db.Database.SqlQueryRaw<EventRow>(sql, [.. parameters]).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FeedEvent(
            new EventCursor(ulong.Parse(r.TransactionId, NumberStyles.None, CultureInfo.InvariantCulture), r.Position),
            new ReferralEvent(
                r.Id, r.Type, r.OccurredAt, r.ReferralId, r.Reference, Enum.Parse<ReferralStatus>(r.Status), r.Version, r.OwningClient,
                r.Verdict is null ? null : Enum.Parse<Verdict>(r.Verdict),
                r.ReasonCode,
                r.Outcome is null ? null : Enum.Parse<ClosureOutcome>(r.Outcome))))];
    }

    private sealed record EventRow(
        string TransactionId, long Position, Guid Id, string Type, DateTimeOffset OccurredAt, Guid ReferralId, string Reference,
        string Status, int Version, string OwningClient, string? Verdict, string? ReasonCode, string? Outcome);
}
