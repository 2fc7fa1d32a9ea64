using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vig.Application.Common;
using Vig.Application.Webhooks;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// Subscriptions and dead letters. A subscription is saved with its audit entry in one SaveChanges;
/// every other call is one statement with its audit record (ADR 0013), so nothing is half-written.
/// </summary>
internal sealed class WebhookStore(VigDbContext db, IAuditTrail audit, ReadAudit readAudit, SecretProtector secrets) : IWebhookStore
{
    public bool CanKeepSecrets => secrets.HasKey;

    public async Task AddAsync(WebhookSubscriptionView subscription, string clientId, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        db.Add(new WebhookSubscription
        {
            Id = subscription.Id,
            ClientId = clientId,
            Url = subscription.Url,
            EventTypes = [.. subscription.EventTypes],
            AllReferrals = subscription.AllReferrals,
            SecretCipher = secrets.Protect(secret, subscription.Id),
            Active = true,
            CreatedAt = subscription.CreatedAt,
        });
        audit.Record(AuditActions.Subscribe, null);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookSubscriptionView>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH page AS (
                SELECT id, url, event_types, all_referrals, active, disabled_reason, created_at
                  FROM webhook_subscriptions WHERE client_id = @client ORDER BY created_at, id
            ),
            {ReadAudit.Cte("@audit_action")}
            SELECT * FROM page ORDER BY created_at, id
            """;
        var rows = await db.Database.SqlQueryRaw<SubscriptionRow>(
            sql,
            [new NpgsqlParameter<string>("client", clientId), .. readAudit.Parameters(AuditActions.ListSubscriptions, null)]).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new WebhookSubscriptionView(r.Id, r.Url, r.EventTypes, r.AllReferrals, r.Active, r.DisabledReason, r.CreatedAt))];
    }

    public async Task<bool> DeleteAsync(Guid id, string clientId, CancellationToken cancellationToken) =>
        await CountAsync(
            $"""
            WITH found AS (DELETE FROM webhook_subscriptions WHERE id = @id AND client_id = @client RETURNING id),
            {ReadAudit.Cte("CASE WHEN EXISTS (SELECT FROM found) THEN @audit_action ELSE @audit_refused END")}
            SELECT count(*)::int AS value FROM found
            """,
            id, clientId, AuditActions.Unsubscribe, [], cancellationToken) > 0;

    public async Task<IReadOnlyList<DeadLetter>?> DeadLettersAsync(Guid id, string clientId, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH found AS (SELECT id FROM webhook_subscriptions WHERE id = @id AND client_id = @client),
            page AS (
                SELECT d.event_id, e.type, e.referral_id, d.attempts, d.last_status, d.last_error, d.finished_at, true AS found
                  FROM webhook_deliveries d JOIN referral_events e ON e.position = d.event_position
                 WHERE d.subscription_id IN (SELECT id FROM found) AND d.state = 'dead'
                 UNION ALL
                SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, true WHERE EXISTS (SELECT FROM found)
            ),
            {ReadAudit.Cte("CASE WHEN EXISTS (SELECT FROM found) THEN @audit_action ELSE @audit_refused END")}
            SELECT * FROM page ORDER BY finished_at DESC NULLS LAST, event_id
            """;
        var rows = await db.Database.SqlQueryRaw<DeadLetterRow>(
            sql,
            [new NpgsqlParameter<Guid>("id", id), new NpgsqlParameter<string>("client", clientId), .. readAudit.Parameters(AuditActions.ListDeadLetters, null)])
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null
            : [.. rows.Where(r => r.EventId is not null).Select(r => new DeadLetter(r.EventId!.Value, r.Type!, r.ReferralId!.Value, r.Attempts!.Value, r.LastStatus, r.LastError, r.FinishedAt!.Value))];
    }

    public async Task<bool> ReplayAsync(Guid id, string clientId, Guid eventId, CancellationToken cancellationToken) =>
        await CountAsync(
            $"""
            WITH found AS (
                UPDATE webhook_deliveries d
                   SET state = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), window_start = clock_timestamp(), finished_at = NULL
                  FROM webhook_subscriptions s
                 WHERE s.id = d.subscription_id AND s.id = @id AND s.client_id = @client AND d.event_id = @event AND d.state = 'dead'
             RETURNING d.subscription_id
            ),
            enabled AS (
                UPDATE webhook_subscriptions SET active = true, disabled_reason = NULL WHERE id IN (SELECT subscription_id FROM found)
            ),
            {ReadAudit.Cte("CASE WHEN EXISTS (SELECT FROM found) THEN @audit_action ELSE @audit_refused END")}
            SELECT count(*)::int AS value FROM found
            """,
            id, clientId, AuditActions.Replay, [new NpgsqlParameter<Guid>("event", eventId)], cancellationToken) > 0;

    private async Task<int> CountAsync(string sql, Guid id, string clientId, string action, NpgsqlParameter[] extra, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<int>(
            sql,
            [new NpgsqlParameter<Guid>("id", id), new NpgsqlParameter<string>("client", clientId), .. extra, .. readAudit.Parameters(action, null)])
            .ToListAsync(cancellationToken)).Single();

    private sealed record SubscriptionRow(Guid Id, string Url, string[] EventTypes, bool AllReferrals, bool Active, string? DisabledReason, DateTimeOffset CreatedAt);

    private sealed record DeadLetterRow(Guid? EventId, string? Type, Guid? ReferralId, int? Attempts, int? LastStatus, string? LastError, DateTimeOffset? FinishedAt, bool Found);
}
