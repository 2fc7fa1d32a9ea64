using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Vig.Application.Common;
using Vig.Application.Reports;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Reports;

/// <summary>
/// Reports from referral_report_rows (migration ReportRows, ADR 0014): one narrow row per referral
/// with non-identifying fields only, saved with each change of the referral (ADR 0021); the
/// service-level report from referral_clock_rows, one per stopped clock (ADR 0032). Every report is
/// one statement, so one snapshot.
/// </summary>
internal sealed class ReportQueries(ReportsDatabase database, ServiceCalendar calendar, Microsoft.Extensions.Configuration.IConfiguration configuration) : IReportQueries
{
    // Reports:ScanOnly (tests only) makes every summary read the rows, so the kept counts can be compared with them.
    private readonly bool scanOnly = string.Equals(configuration["Reports:ScanOnly"], "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Dictionary<SummaryGroup, string> GroupColumns = new()
    {
        [SummaryGroup.Status] = "t.status",
        [SummaryGroup.Route] = "t.route_kind",
        [SummaryGroup.Concern] = "c.code",
        [SummaryGroup.ReferrerRole] = "t.referrer_role",
        [SummaryGroup.CareSetting] = "t.care_setting",
        [SummaryGroup.AgeBand] = "t.age_band",
        [SummaryGroup.Month] = "to_char(t.referral_date, 'YYYY-MM')",
    };

    private static readonly Dictionary<SummaryGroup, string> CountDimensions = new()
    {
        [SummaryGroup.Status] = "status",
        [SummaryGroup.Route] = "route",
        [SummaryGroup.Concern] = "concern",
        [SummaryGroup.ReferrerRole] = "role",
        [SummaryGroup.CareSetting] = "care",
        [SummaryGroup.AgeBand] = "age",
        [SummaryGroup.Month] = "month",
    };

    // The percentile of a measure over all report rows, as percentile_cont computes it (the values at
    // floor and ceil of p x (n - 1), interpolated), read from the measure's index: n comes from the
    // kept counts, and the two values are found by skipping entries from the nearer end.
    private static string IndexPercentile(string column, string count, double p) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
            (SELECT CASE WHEN count(x.v) = 0 THEN NULL
                         ELSE min(x.v) + (max(x.v) - min(x.v)) * ({p} * (n.n - 1) - floor({p} * (n.n - 1))) END
               FROM {count} AS n,
                    LATERAL (SELECT t.{column} AS v FROM referral_report_rows t WHERE t.{column} IS NOT NULL
                              ORDER BY t.{column} {(p > 0.5 ? "DESC" : "ASC")}
                             OFFSET {(p > 0.5 ? $"greatest(n.n - 2 - floor({p} * (n.n - 1)), 0)" : $"greatest(floor({p} * (n.n - 1)), 0)")} LIMIT 2) AS x
              GROUP BY n.n)
            """);

    // The summary over all time with one group: the kept counts (folded first, on the primary; then
    // counts and the changes not folded yet, in one snapshot) and the percentiles from the measures'
    // indexes, in one statement: a few dozen rows and two short index scans whatever the number of
    // referrals (ADR 0014).
    private async Task<SummaryReport> KeptSummaryAsync(SummaryGroup group, CancellationToken cancellationToken)
    {
        await using (var fold = database.Primary.CreateCommand(ReportsDatabase.FoldCountChanges))
        {
            await fold.ExecuteNonQueryAsync(cancellationToken);
        }

        var sql = $"""
            WITH counts AS (
                SELECT dimension, key, sum(count)::bigint AS n
                  FROM (SELECT dimension, key, count FROM referral_counts
                        UNION ALL
                        SELECT c."Dimension", c."Key", c."Change" FROM referral_count_changes AS p, {ReportsDatabase.PendingChanges("p")}) AS c
                 GROUP BY dimension, key
                HAVING sum(count) <> 0
            ),
            decided AS (SELECT coalesce((SELECT n FROM counts WHERE dimension = 'decision'), 0) AS n),
            allocated AS (SELECT coalesce((SELECT n FROM counts WHERE dimension = 'allocation'), 0) AS n)
            SELECT dimension, key, n, NULL::float8 AS a, NULL::float8 AS b FROM counts
             WHERE dimension IN (@group, 'status', 'decline', 'submitted', 'information', 'rule')
            UNION ALL
            SELECT 'decision', '', (SELECT n FROM decided), {IndexPercentile("to_decision", "decided", 0.5)}, {IndexPercentile("to_decision", "decided", 0.9)}
            UNION ALL
            SELECT 'allocation', '', (SELECT n FROM allocated), {IndexPercentile("to_allocation", "allocated", 0.5)}, {IndexPercentile("to_allocation", "allocated", 0.9)}
            """;
        var dimension = CountDimensions[group];
        var groups = new List<GroupCount>();
        var declines = new List<ReasonCount>();
        var rules = new List<RuleCount>();
        var total = 0;
        int submitted = 0, needed = 0;
        DurationFigures decision = new(0, null, null), allocation = new(0, null, null);
        await using (var command = database.DataSource.CreateCommand(sql))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("group", dimension));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var part = reader.GetString(0);
                var key = reader.GetString(1);
                var count = (int)reader.GetInt64(2);
                double? A() => reader.IsDBNull(3) ? null : Math.Round(reader.GetDouble(3), 2);
                double? B() => reader.IsDBNull(4) ? null : Math.Round(reader.GetDouble(4), 2);
                if (part == dimension)
                {
                    groups.Add(new GroupCount(new Dictionary<SummaryGroup, string?> { [group] = WireValue(group, key.Length == 0 ? null : key) }, count));
                }

                switch (part)
                {
                    case "status":
                        total += count;
                        break;
                    case "decline":
                        declines.Add(new ReasonCount(key, count));
                        break;
                    case "submitted":
                        submitted = count;
                        break;
                    case "information":
                        needed = count;
                        break;
                    case "rule":
                        rules.Add(new RuleCount(key, count));
                        break;
                    case "decision":
                        decision = new DurationFigures(count, A(), B());
                        break;
                    case "allocation":
                        allocation = new DurationFigures(count, A(), B());
                        break;
                }
            }
        }

        return new SummaryReport(
            total,
            [.. groups.OrderBy(g => g.Key, new GroupOrder([group]))],
            [.. declines.OrderByDescending(d => d.Count).ThenBy(d => d.ReasonCode, StringComparer.Ordinal)],
            decision,
            allocation,
            new InformationRequestFigures(submitted, needed, submitted == 0 ? null : Math.Round((double)needed / submitted, 4)),
            [.. rules.OrderByDescending(r => r.Referrals).ThenBy(r => r.Code, StringComparer.Ordinal)]);
    }

    // The parts of the summary, as rows of one shape (part, the seven group values, a count, two
    // figures) in one statement over the chosen rows, read once. Over all time with one group, the
    // kept counts answer instead (KeptSummaryAsync).
    public Task<SummaryReport> SummaryAsync(ReportRange range, IReadOnlyList<SummaryGroup> groupBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(groupBy);
        return range.IsAllTime && groupBy.Count == 1 && !scanOnly
            ? KeptSummaryAsync(groupBy[0], cancellationToken)
            : ScannedSummaryAsync(range, groupBy, cancellationToken);
    }

    private async Task<SummaryReport> ScannedSummaryAsync(ReportRange range, IReadOnlyList<SummaryGroup> groupBy, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = RangeCondition(range, parameters);
        var keys = Enum.GetValues<SummaryGroup>().Select(g => groupBy.Contains(g) ? $"{GroupColumns[g]}::text" : "NULL::text").ToList();
        var grouped = groupBy.Select(g => GroupColumns[g]).ToList();
        const string none = "NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text";
        const string rest = "NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text";
        var sql = $"""
            WITH chosen AS MATERIALIZED (
                SELECT t.status, t.route_kind, t.referrer_role, t.care_setting, t.age_band, t.referral_date, t.concerns,
                       t.decline_reason_code, t.information_requested, t.unmet_rules,
                       extract(epoch FROM t.decided_at - t.submitted_at) / 86400 AS to_decision,
                       extract(epoch FROM t.allocated_at - t.accepted_at) / 86400 AS to_allocation,
                       t.submitted_at IS NOT NULL AS submitted
                  FROM referral_report_rows t
                 {where}
            )
            SELECT 'group' AS part, {string.Join(", ", keys)}, count(*) AS n, NULL::float8 AS a, NULL::float8 AS b
              FROM chosen t {(groupBy.Contains(SummaryGroup.Concern) ? "LEFT JOIN LATERAL unnest(t.concerns) AS c(code) ON true" : string.Empty)}
             GROUP BY {string.Join(", ", grouped)}
            UNION ALL
            SELECT 'total', {none}, count(*), NULL, NULL FROM chosen
            UNION ALL
            SELECT 'decline', t.decline_reason_code, {rest}, count(*), NULL, NULL FROM chosen t
             WHERE t.status = 'Declined' AND t.decline_reason_code IS NOT NULL GROUP BY t.decline_reason_code
            UNION ALL
            SELECT 'decision', {none}, count(t.to_decision),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY t.to_decision), percentile_cont(0.9) WITHIN GROUP (ORDER BY t.to_decision)
              FROM chosen t
            UNION ALL
            SELECT 'allocation', {none}, count(t.to_allocation),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY t.to_allocation), percentile_cont(0.9) WITHIN GROUP (ORDER BY t.to_allocation)
              FROM chosen t
            UNION ALL
            SELECT 'information', {none}, count(*) FILTER (WHERE t.submitted), count(*) FILTER (WHERE t.submitted AND t.information_requested), NULL
              FROM chosen t
            UNION ALL
            SELECT 'rule', u.code, {rest}, count(*), NULL, NULL FROM chosen t CROSS JOIN LATERAL unnest(t.unmet_rules) AS u(code) GROUP BY u.code
            """;

        var groups = new List<GroupCount>();
        var declines = new List<ReasonCount>();
        var rules = new List<RuleCount>();
        var total = 0;
        DurationFigures decision = new(0, null, null), allocation = new(0, null, null);
        InformationRequestFigures information = new(0, 0, null);
        await using (var command = database.DataSource.CreateCommand(sql))
        {
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = (int)reader.GetInt64(8);
                double? A() => reader.IsDBNull(9) ? null : Math.Round(reader.GetDouble(9), 2);
                double? B() => reader.IsDBNull(10) ? null : Math.Round(reader.GetDouble(10), 2);
                switch (reader.GetString(0))
                {
                    case "group":
                        groups.Add(new GroupCount(
                            groupBy.ToDictionary(g => g, g => WireValue(g, reader.IsDBNull(1 + (int)g) ? null : reader.GetString(1 + (int)g))),
                            count));
                        break;
                    case "total":
                        total = count;
                        break;
                    case "decline":
                        declines.Add(new ReasonCount(reader.GetString(1), count));
                        break;
                    case "decision":
                        decision = new DurationFigures(count, A(), B());
                        break;
                    case "allocation":
                        allocation = new DurationFigures(count, A(), B());
                        break;
                    case "information":
                        var needed = (int)reader.GetDouble(9);
                        information = new InformationRequestFigures(count, needed, count == 0 ? null : Math.Round((double)needed / count, 4));
                        break;
                    case "rule":
                        rules.Add(new RuleCount(reader.GetString(1), count));
                        break;
                }
            }
        }

        return new SummaryReport(
            total,
            [.. groups.OrderBy(g => g.Key, new GroupOrder(groupBy))],
            [.. declines.OrderByDescending(d => d.Count).ThenBy(d => d.ReasonCode, StringComparer.Ordinal)],
            decision,
            allocation,
            information,
            [.. rules.OrderByDescending(r => r.Referrals).ThenBy(r => r.Code, StringComparer.Ordinal)]);
    }

    public async Task<IReadOnlyList<ReportRow>> RowsAsync(ReportRowFilter filter, ReportCursor? after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<ReportRow>(Math.Min(take, 1001));
        await foreach (var row in Read(filter, after, take, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public IAsyncEnumerable<ReportRow> AllRowsAsync(ReportRowFilter filter, CancellationToken cancellationToken) => Read(filter, null, null, cancellationToken);

    // The closed referrals' rows with their kept measures (ADR 0033), one line per measure (or one
    // with none): a few hundred referrals a year, grouped and counted in C# (OutcomeReport.Of).
    public async Task<IReadOnlyList<ClosedOutcome>> ClosedOutcomesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.referral_id, t.route_kind, t.concerns, t.age_band, t.change_ats[array_length(t.change_ats, 1)], m."Code", m."Change"
              FROM referral_report_rows t
              LEFT JOIN LATERAL jsonb_to_recordset(t.outcome_changes) AS m("Code" text, "Change" numeric) ON true
             WHERE t.status = 'Closed'
             ORDER BY t.referral_id
            """;
        var closed = new List<ClosedOutcome>();
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<OutcomeMeasure>? measures = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (closed.Count == 0 || closed[^1].ReferralId != id)
            {
                measures = [];
                closed.Add(new ClosedOutcome(
                    id,
                    reader.IsDBNull(1) ? null : Enum.Parse<RouteKind>(reader.GetString(1)),
                    InCatalogueOrder(reader.GetFieldValue<string[]>(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    calendar.DayOf(new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero)),
                    measures));
            }

            if (!reader.IsDBNull(5))
            {
                measures!.Add(new OutcomeMeasure(reader.GetString(5), reader.GetDecimal(6)));
            }
        }

        return closed;
    }

    // Ordered by (created_at, referral_id), an index of its own (and one with status first), so a
    // page is read in order and stops at its limit; the whole export is one ordered scan, read as
    // it arrives.
    private async IAsyncEnumerable<ReportRow> Read(ReportRowFilter filter, ReportCursor? after, int? take, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = new List<NpgsqlParameter>();
        var conditions = new List<string>();
        var range = RangeCondition(filter.Range, parameters);
        if (range.Length > 0)
        {
            conditions.Add(range["WHERE ".Length..]);
        }

        if (filter.Status is { } status)
        {
            conditions.Add("t.status = @status");
            parameters.Add(new NpgsqlParameter<string>("status", status.ToString()));
        }

        if (after is not null)
        {
            conditions.Add("(t.created_at, t.referral_id) > (@after_at, @after_id)");
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_at", after.CreatedAt));
            parameters.Add(new NpgsqlParameter<Guid>("after_id", after.Id));
        }

        if (take is { } limit)
        {
            parameters.Add(new NpgsqlParameter<int>("take", limit));
        }

        var sql = $"""
            SELECT t.referral_id, t.created_at, t.reference, t.status, t.route_kind, t.concerns, t.referrer_role, t.age_band,
                   t.care_setting, t.has_send, t.change_statuses, t.change_ats
              FROM referral_report_rows t
             {(conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions))}
             ORDER BY t.created_at, t.referral_id
             {(take is null ? string.Empty : "LIMIT @take")}
            """;
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var statuses = reader.GetFieldValue<string[]>(10);
            var ats = reader.GetFieldValue<DateTime[]>(11);
            var changes = new StatusDate[statuses.Length];
            for (var i = 0; i < statuses.Length; i++)
            {
                changes[i] = new StatusDate(Enum.Parse<ReferralStatus>(statuses[i]), calendar.DayOf(new DateTimeOffset(ats[i], TimeSpan.Zero)));
            }

            yield return new ReportRow(
                reader.GetGuid(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                Enum.Parse<ReferralStatus>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : Enum.Parse<RouteKind>(reader.GetString(4)),
                InCatalogueOrder(reader.GetFieldValue<string[]>(5)),
                reader.IsDBNull(6) ? null : Enum.Parse<ReferrerRole>(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : Enum.Parse<CareSetting>(reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetBoolean(9),
                changes);
        }
    }

    // From the clock rows' index on (kind, stopped_on), which carries what is counted. The clocks the
    // team stopped: none a withdrawal stopped (ADR 0032).
    public async Task<ServiceLevelReport> ServiceLevelsAsync(ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var parameters = new List<NpgsqlParameter>();
        var days = RangeCondition(range, parameters, "c.stopped_on");
        var sql = $"""
            SELECT to_char(c.stopped_on, 'YYYY-MM') AS month, c.kind, count(*), count(*) FILTER (WHERE c.within_target),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY c.working_days)
              FROM referral_clock_rows c
             WHERE c.kind IN ('Decision', 'Allocation') AND c.moved_to <> 'Withdrawn' {(days.Length == 0 ? string.Empty : "AND " + days["WHERE ".Length..])}
             GROUP BY 1, 2
            """;
        var months = new SortedDictionary<string, (ClockFigures Decisions, ClockFigures Allocations)>(StringComparer.Ordinal);
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = (int)reader.GetInt64(2);
            var within = (int)reader.GetInt64(3);
            var figures = new ClockFigures(count, within, Math.Round((double)within / count, 4), Math.Round(reader.GetDouble(4), 2));
            var month = months.GetValueOrDefault(reader.GetString(0), (Decisions: ClockFigures.None, Allocations: ClockFigures.None));
            months[reader.GetString(0)] = reader.GetString(1) == nameof(Domain.ServiceLevels.ClockKind.Decision)
                ? month with { Decisions = figures }
                : month with { Allocations = figures };
        }

        return new ServiceLevelReport([.. months.Select(m => new ServiceLevelMonth(m.Key, m.Value.Decisions, m.Value.Allocations))]);
    }

    private static string RangeCondition(ReportRange range, List<NpgsqlParameter> parameters, string column = "t.referral_date")
    {
        var conditions = new List<string>();
        if (range.From is { } from)
        {
            conditions.Add($"{column} >= @from");
            parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = from });
        }

        if (range.To is { } to)
        {
            conditions.Add($"{column} < @to");
            parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = to });
        }

        return conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
    }

    private static string[] InCatalogueOrder(string[] codes)
    {
        Array.Sort(codes, (a, b) => Order(a).CompareTo(Order(b)));
        return codes;
    }

    private static int Order(string code) => ConcernCategory.FromCode(code)?.DisplayOrder ?? int.MaxValue;

    // Stored enum names (PascalCase) as the wire spells them; the rest as stored.
    private static string? WireValue(SummaryGroup group, string? stored) => stored is null ? null : group switch
    {
        SummaryGroup.Status => EnumText.Name(Enum.Parse<ReferralStatus>(stored)),
        SummaryGroup.Route => EnumText.Name(Enum.Parse<RouteKind>(stored)),
        SummaryGroup.ReferrerRole => EnumText.Name(Enum.Parse<ReferrerRole>(stored)),
        SummaryGroup.CareSetting => EnumText.Name(Enum.Parse<CareSetting>(stored)),
        _ => stored,
    };

    /// <summary>Groups in the order of the groupBy given, each value in its own order (enum, catalogue, band, month), none last.</summary>
    private sealed class GroupOrder(IReadOnlyList<SummaryGroup> groupBy) : IComparer<IReadOnlyDictionary<SummaryGroup, string?>>
    {
        public int Compare(IReadOnlyDictionary<SummaryGroup, string?>? x, IReadOnlyDictionary<SummaryGroup, string?>? y)
        {
            foreach (var group in groupBy)
            {
                var order = Rank(group, x![group]).CompareTo(Rank(group, y![group]));
                if (order != 0)
                {
                    return order;
                }

                order = string.CompareOrdinal(x[group], y[group]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }

        private static int Rank(SummaryGroup group, string? value) => value is null ? int.MaxValue : group switch
        {
            SummaryGroup.Status => (int)Enum.Parse<ReferralStatus>(value, ignoreCase: true),
            SummaryGroup.Route => (int)Enum.Parse<RouteKind>(value, ignoreCase: true),
            SummaryGroup.ReferrerRole => (int)Enum.Parse<ReferrerRole>(value, ignoreCase: true),
            SummaryGroup.CareSetting => (int)Enum.Parse<CareSetting>(value, ignoreCase: true),
            SummaryGroup.Concern => Order(value),
            SummaryGroup.AgeBand => AgeBand.All.ToList().IndexOf(value),
            _ => 0,
        };
    }
}
