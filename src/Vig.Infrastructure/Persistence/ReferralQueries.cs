using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vig.Infrastructure.Audit;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Infrastructure.Persistence;

internal sealed class ReferralQueries(VigDbContext db, ReadAudit audit) : IReferralQueries
{
    private readonly VigDbContext _db = db;

    // One statement: the page (ordered by updated_at, id, which the indexes (updated_at, id),
    // (status, updated_at, id) and (created_by, updated_at, id) give without sorting) and the list's
    // audit record (ADR 0013); the concern filter has a GIN index. Only the filters given are in the SQL,
    // so each combination gets a plan of its own.
    public async Task<IReadOnlyList<ReferralSummary>> ListAsync(ReferralFilter filter, ReferralCursor? after, int take, string auditAction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var conditions = new List<string>();
        var parameters = new List<NpgsqlParameter> { new NpgsqlParameter<int>("take", take) };
        void Where<T>(string condition, string name, T value)
        {
            conditions.Add(condition);
            parameters.Add(new NpgsqlParameter<T>(name, value));
        }

        if (filter.Status is { } status)
        {
            Where("r.status = @status", "status", status.ToString());
        }

        if (filter.Route is { } route)
        {
            Where("r.route_kind = @route", "route", route.ToString());
        }

        if (filter.Concern is { } concern)
        {
            Where("r.concerns @> ARRAY[@concern]", "concern", concern);
        }

        if (filter.ReferrerRole is { } role)
        {
            Where("r.referrer_role = @role", "role", role.ToString());
        }

        if (filter.ExternalCaseId is { } caseId)
        {
            Where("r.child_external_case_id = @case_id", "case_id", caseId);
        }

        if (filter.CreatedBy is { } creator)
        {
            Where("r.created_by = @created_by", "created_by", creator);
        }

        if (filter.PossibleDuplicate is { } possible)
        {
            // From the open pairs, which are few, rather than a look-up for every referral in list order.
            conditions.Add($"r.id {(possible ? "IN" : "NOT IN")} (SELECT d.first_referral_id FROM possible_duplicates d WHERE d.dismissed_at IS NULL " +
                "UNION ALL SELECT d.second_referral_id FROM possible_duplicates d WHERE d.dismissed_at IS NULL)");
        }

        if (filter.UpdatedSince is { } since)
        {
            Where("r.updated_at >= @since", "since", since);
        }

        if (filter.Overdue is { } overdue)
        {
            Where(overdue.Overdue ? "r.clock_due_at <= @now" : "r.clock_due_at > @now", "now", overdue.Now);
        }

        if (filter.DueBy is { } dueBy)
        {
            Where("r.clock_due_at <= @due_by", "due_by", dueBy);
        }

        // Sorted by due time, the index on clock_due_at gives the order; referrals without a clock are left out.
        var byDueAt = filter.Order == ReferralSort.DueAt;
        var (order, key) = byDueAt ? ("clock_due_at, id", "r.clock_due_at") : ("updated_at, id", "r.updated_at");
        if (byDueAt)
        {
            conditions.Add("r.clock_due_at IS NOT NULL");
        }

        if (after is not null)
        {
            Where($"({key}, r.id) > (@after_at, @after_id)", "after_at", after.At);
            parameters.Add(new NpgsqlParameter<Guid>("after_id", after.Id));
        }

        var sql = $"""
            WITH page AS (
                SELECT r.id, r.reference, r.status, r.route_kind, r.referrer_role, r.child_external_case_id AS external_case_id,
                       r.created_at, r.updated_at, r.version, r.concerns, r.clock_awaiting, r.clock_due_at
                  FROM referrals r
                 {(conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions))}
                 ORDER BY {order}
                 LIMIT @take
            ),
            {ReadAudit.Cte("@audit_action")}
            SELECT * FROM page ORDER BY {order}
            """;
        parameters.AddRange(audit.Parameters(auditAction, null));
        var rows = await _db.Database.SqlQueryRaw<SummaryRow>(sql, [.. parameters]).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReferralSummary(
            r.Id, r.Reference, Enum.Parse<ReferralStatus>(r.Status), r.RouteKind is null ? null : Enum.Parse<RouteKind>(r.RouteKind),
            r.ReferrerRole is null ? null : Enum.Parse<ReferrerRole>(r.ReferrerRole), r.ExternalCaseId, InCatalogueOrder(r.Concerns), r.CreatedAt, r.UpdatedAt, r.Version,
            r.ClockAwaiting is null ? null : Enum.Parse<ClockKind>(r.ClockAwaiting), r.ClockDueAt))];
    }

    public async Task<IReadOnlyList<Guid>> FinishedAndNotAnonymisedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        await _db.Referrals.AsNoTracking()
            .Where(r => (r.Status == ReferralStatus.Closed || r.Status == ReferralStatus.Declined || r.Status == ReferralStatus.Withdrawn)
                && r.AnonymisedAt == null && r.UpdatedAt < cutoff)
            .OrderBy(r => r.UpdatedAt)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

    // The clock's due time has an index; the few rows found overdue are then marked one by one.
    public async Task<IReadOnlyList<Guid>> OverdueClocksAsync(DateTimeOffset now, int take, CancellationToken cancellationToken) =>
        await _db.Referrals.AsNoTracking()
            .Where(r => r.Clock!.DueAt <= now && r.Clock.OverdueAt == null)
            .OrderBy(r => r.Clock!.DueAt)
            .Select(r => r.Id)
            .Take(take)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> WaitingWithoutClockAsync(int take, CancellationToken cancellationToken) =>
        await _db.Referrals.AsNoTracking()
            .Where(r => WaitingStatuses.Contains(r.Status) && r.Clock == null)
            .OrderBy(r => r.UpdatedAt)
            .Select(r => r.Id)
            .Take(take)
            .ToListAsync(cancellationToken);

    private static readonly ReferralStatus[] WaitingStatuses = [.. Enum.GetValues<ReferralStatus>().Where(s => ServiceLevelClocks.AwaitedIn(s) is not null)];

    // The same order as a referral's own concerns: the catalogue's (ADR 0010).
    private static List<string> InCatalogueOrder(IEnumerable<string> codes) =>
        [.. codes.OrderBy(code => ConcernCategory.FromCode(code)?.DisplayOrder ?? int.MaxValue)];

    private sealed record SummaryRow(Guid Id, string Reference, string Status, string? RouteKind, string? ReferrerRole, string? ExternalCaseId, string[] Concerns, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, string? ClockAwaiting, DateTimeOffset? ClockDueAt);
}
