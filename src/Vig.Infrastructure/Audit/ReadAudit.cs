using Npgsql;
using NpgsqlTypes;
using Vig.Application.Common;

namespace Vig.Infrastructure.Audit;

/// <summary>
/// The audit record of a read, written by the read's own statement (docs/decisions/0013): a
/// data-modifying CTE beside the query, so a read is one round trip and one commit, and the record
/// is committed before the statement's answer is complete, so before the read's answer leaves.
/// A retry of the same read in the same request (RetryOnLostConnection, after a lost connection)
/// reuses the first attempt's time and inserts only if the first attempt's record did not commit,
/// so a read is never recorded twice. One per request (scoped).
/// </summary>
internal sealed class ReadAudit(ICurrentClient client, TimeProvider time)
{
    private (string Key, DateTimeOffset At)? _last;

    /// <summary>
    /// The CTE <c>recorded AS (...)</c>, to follow a query's own CTEs; <paramref name="actionSql"/> is
    /// the SQL of the recorded action, from the parameters <c>@audit_action</c> and <c>@audit_refused</c>.
    /// </summary>
    public static string Cte(string actionSql) =>
        $"""
        recorded AS (
            INSERT INTO audit_events (occurred_at, client_id, subject, action, referral_id, correlation_id)
            SELECT @audit_at, @audit_client, @audit_subject, {actionSql}, @audit_referral, @audit_correlation
             WHERE NOT @audit_retry OR NOT EXISTS (
                   SELECT FROM audit_events a
                    WHERE a.occurred_at = @audit_at AND a.client_id = @audit_client AND a.correlation_id = @audit_correlation
                      AND a.referral_id IS NOT DISTINCT FROM @audit_referral)
        )
        """;

    /// <summary>
    /// The CTE <c>recorded AS (...)</c> for a read of several referrals: <c>@audit_action</c> once for
    /// each referral in the CTE <paramref name="found"/> (its column <c>id</c>), or <c>@audit_refused</c>
    /// once, with no referral, when it holds none. The same parameters as <see cref="Cte"/>.
    /// </summary>
    public static string CteForEach(string found) =>
        $"""
        recorded AS (
            INSERT INTO audit_events (occurred_at, client_id, subject, action, referral_id, correlation_id)
            SELECT @audit_at, @audit_client, @audit_subject, t.action, t.referral_id, @audit_correlation
              FROM (SELECT @audit_action AS action, f.id AS referral_id FROM {found} f
                    UNION ALL
                    SELECT @audit_refused, NULL::uuid WHERE NOT EXISTS (SELECT FROM {found})) AS t
             WHERE NOT @audit_retry OR NOT EXISTS (
                   SELECT FROM audit_events a
                    WHERE a.occurred_at = @audit_at AND a.client_id = @audit_client AND a.correlation_id = @audit_correlation
                      AND a.referral_id IS NOT DISTINCT FROM t.referral_id)
        )
        """;

    /// <summary>
    /// The audit record of a read of one referral, for a query tagged <see cref="Persistence.StatementTags.AuditedRead"/>:
    /// <paramref name="action"/> when the query finds it, the refused action when not.
    /// </summary>
    public Persistence.AuditedRead Of(string action, Guid referralId) =>
        new(Cte("CASE WHEN EXISTS (SELECT FROM found) THEN @audit_action ELSE @audit_refused END"), [.. Parameters(action, referralId)]);

    /// <summary>The audit record of a read of several referrals: <paramref name="action"/> for each one found, the refused action once when none is.</summary>
    public Persistence.AuditedRead OfEach(string action) => new(CteForEach("found"), [.. Parameters(action, null)]);

    /// <summary>The parameters of <see cref="Cte"/> for this read.</summary>
    public IEnumerable<NpgsqlParameter> Parameters(string action, Guid? referralId)
    {
        var key = $"{action} {referralId}";
        var retry = _last is { } last && last.Key == key;
        var at = retry ? _last!.Value.At : time.GetUtcNow();
        _last = (key, at);
        return
        [
            new NpgsqlParameter<DateTimeOffset>("audit_at", at),
            new NpgsqlParameter<string>("audit_client", client.ClientId),
            new NpgsqlParameter("audit_subject", NpgsqlDbType.Varchar) { Value = (object?)client.Subject ?? DBNull.Value },
            new NpgsqlParameter<string>("audit_action", action),
            new NpgsqlParameter<string>("audit_refused", action + AuditEntry.RefusedSuffix),
            new NpgsqlParameter("audit_referral", NpgsqlDbType.Uuid) { Value = referralId is { } id ? id : DBNull.Value },
            new NpgsqlParameter<string>("audit_correlation", client.CorrelationId),
            new NpgsqlParameter<bool>("audit_retry", retry),
        ];
    }
}
