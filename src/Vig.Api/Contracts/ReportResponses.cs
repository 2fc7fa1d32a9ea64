using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Reports;
using Vig.Domain.Acceptance;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>The range of a report: referrals whose referral date (first submission, council's calendar) is in [from, to).</summary>
public record ReportRangeQuery
{
    /// <summary>The first referral date included, yyyy-MM-dd. With from or to, drafts never submitted are left out.</summary>
    [FromQuery(Name = "from")]
    public QueryDate? From { get; init; }

    /// <summary>The first referral date left out, yyyy-MM-dd: to=2027-02-01 ends with 31 January. Must be after from.</summary>
    [FromQuery(Name = "to")]
    public QueryDate? To { get; init; }

    internal ReportRange ToRange() => new(From?.Value, To?.Value);
}

/// <summary>The query of GET /reports/summary.</summary>
public sealed record ReportSummaryQuery : ReportRangeQuery
{
    /// <summary>What to count by, one or more separated by commas (e.g. status,month): one count per combination. Default status.</summary>
    [FromQuery(Name = "groupBy")]
    public QueryValues<SummaryGroup>? GroupBy { get; init; }

    internal GetReferralSummary ToRequest() =>
        new(ToRange(), [.. (GroupBy?.Values ?? []).Select(g => g.To<Application.Reports.SummaryGroup>())]);
}

/// <summary>The query of GET /reports/referrals.</summary>
public sealed record ReportRowsQuery : ReportRangeQuery
{
    /// <summary>Only referrals in this status now.</summary>
    [FromQuery(Name = "status")]
    public QueryValue<ReferralStatus>? Status { get; init; }

    /// <summary>Where the page starts: the nextCursor of the previous page, unchanged (JSON only).</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(Application.Referrals.ListReferrals.CursorMaxLength)]
    public string? Cursor { get; init; }

    /// <summary>How many rows a page holds at most; 100 when absent (JSON only; CSV has every row).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, ListReportRows.MaxLimit)]
    public int? Limit { get; init; }

    internal ReportRowFilter ToFilter() => new(ToRange(), Status?.Value.To<Model.ReferralStatus>());

    internal ListReportRows ToRequest() => new(ToFilter(), Cursor, Limit);
}

/// <summary>The query of GET /reports/service-levels: the days on which the clocks stopped, in the council's calendar.</summary>
public sealed record ServiceLevelReportQuery
{
    /// <summary>The first day included, yyyy-MM-dd: from=2027-01-01 starts with January. Give the first of a month for whole months.</summary>
    [FromQuery(Name = "from")]
    public QueryDate? From { get; init; }

    /// <summary>The first day left out, yyyy-MM-dd: to=2027-04-01 ends with March. Must be after from.</summary>
    [FromQuery(Name = "to")]
    public QueryDate? To { get; init; }

    internal GetServiceLevelReport ToRequest() => new(new ReportRange(From?.Value, To?.Value));
}

/// <summary>A calendar date in a query string, yyyy-MM-dd exactly. The document shows it as a date string.</summary>
public readonly record struct QueryDate(DateOnly Value)
{
    /// <summary>Called by the framework to bind the query value.</summary>
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryDate result)
    {
        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value);
        result = new QueryDate(value);
        return ok;
    }
}

/// <summary>
/// Enum values in one query value, separated by commas, each spelled as in JSON (camelCase; case
/// ignored). The document shows an array of the enum, comma-separated (style form, explode false).
/// </summary>
/// <typeparam name="T">The wire enum.</typeparam>
public readonly record struct QueryValues<T>(IReadOnlyList<T> Values)
    where T : struct, Enum
{
    /// <summary>Called by the framework to bind the query value.</summary>
#pragma warning disable CA1000 // The framework binds query values through a static TryParse on the type itself.
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryValues<T> result)
    {
        var values = new List<T>();
        foreach (var part in (text ?? string.Empty).Split(','))
        {
            if (!EnumText.TryParse<T>(part.Trim(), out var value))
            {
                result = new QueryValues<T>([]);
                return false;
            }

            values.Add(value);
        }

        result = new QueryValues<T>(values);
        return true;
    }
#pragma warning restore CA1000
}

/// <summary>Aggregates over the referrals in the range: counts only, no personal data.</summary>
public sealed record ReportSummaryResponse
{
    /// <summary>The first referral date included; null for no lower bound.</summary>
    public required DateOnly? From { get; init; }

    /// <summary>The first referral date left out; null for no upper bound.</summary>
    public required DateOnly? To { get; init; }

    /// <summary>What the groups are counted by, in the order given.</summary>
    [MaxItemsOf(Catalogue.SummaryGroups)]
    public required IReadOnlyList<SummaryGroup> GroupBy { get; init; }

    /// <summary>Referrals in the range.</summary>
    [Range(0, int.MaxValue)]
    public required int Total { get; init; }

    /// <summary>One count per combination of the grouped values that occurs, in the order of groupBy and of each value (none last).</summary>
    public required IReadOnlyList<ReportGroupResponse> Groups { get; init; }

    /// <summary>Referrals declined, by reason code (GET /api/v1/decline-reasons), most first.</summary>
    [MaxItemsOf(Catalogue.DeclineReasons)]
    public required IReadOnlyList<ReasonCountResponse> DeclinesByReason { get; init; }

    /// <summary>Days from first submission to the decision (first accepted or declined).</summary>
    public required DurationResponse DaysToDecision { get; init; }

    /// <summary>Days from acceptance to allocation to a practitioner.</summary>
    public required DurationResponse DaysToAllocation { get; init; }

    /// <summary>How many submitted referrals were asked for more information at least once.</summary>
    public required InformationRequestsResponse InformationRequests { get; init; }

    /// <summary>Acceptance rules not met (or missing) in any stored evaluation, by how many referrals, most first.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    public required IReadOnlyList<RuleCountResponse> UnmetRules { get; init; }

    internal static ReportSummaryResponse Of(GetReferralSummary request, SummaryReport report) => new()
    {
        From = request.Range.From,
        To = request.Range.To,
        GroupBy = [.. (request.GroupBy.Count == 0 ? GetReferralSummary.DefaultGroupBy : request.GroupBy).Select(g => g.To<SummaryGroup>())],
        Total = report.Total,
        Groups = [.. report.Groups.Select(ReportGroupResponse.From)],
        DeclinesByReason = [.. report.DeclinesByReason.Select(d => new ReasonCountResponse { ReasonCode = d.ReasonCode, Count = d.Count })],
        DaysToDecision = DurationResponse.From(report.DaysToDecision),
        DaysToAllocation = DurationResponse.From(report.DaysToAllocation),
        InformationRequests = new InformationRequestsResponse
        {
            Submitted = report.InformationRequests.Submitted,
            NeededMoreInformation = report.InformationRequests.NeededMoreInformation,
            Share = report.InformationRequests.Share,
        },
        UnmetRules = [.. report.UnmetRules.Select(r => new RuleCountResponse { Code = r.Code, Referrals = r.Referrals })],
    };
}

/// <summary>
/// How many referrals share one combination of values. Only the grouped-by properties carry a
/// value; null there means the referral has none (no route yet, a draft has no age band or month).
/// </summary>
public sealed record ReportGroupResponse
{
    /// <summary>The status, as in ReferralStatus.</summary>
    public required ReferralStatus? Status { get; init; }

    /// <summary>The route, as in RouteKind.</summary>
    public required RouteKind? Route { get; init; }

    /// <summary>A concern category code.</summary>
    [MaxLength(Model.ConcernCategory.CodeMaxLength)]
    public required string? Concern { get; init; }

    /// <summary>The referrer's role, as in ReferrerRole.</summary>
    public required ReferrerRole? ReferrerRole { get; init; }

    /// <summary>Where the child lives, as in CareSetting.</summary>
    public required CareSetting? CareSetting { get; init; }

    /// <summary>The child's age band on the referral date: 0-1, 2-4, 5-11, 12-17 or 18+.</summary>
    [MaxLength(ReportRowResponse.AgeBandMaxLength)]
    public required string? AgeBand { get; init; }

    /// <summary>The month of the referral date, yyyy-MM.</summary>
    [MaxLength(ReportRowResponse.MonthLength)]
    public required string? Month { get; init; }

    /// <summary>Referrals with these values.</summary>
    [Range(0, int.MaxValue)]
    public required int Count { get; init; }

    internal static ReportGroupResponse From(GroupCount group)
    {
        string? Value(Application.Reports.SummaryGroup g) => group.Key.TryGetValue(g, out var value) ? value : null;
        T? Enum<T>(Application.Reports.SummaryGroup g)
            where T : struct, System.Enum => Value(g) is { } text && EnumText.TryParse<T>(text, out var parsed) ? parsed : null;
        return new()
        {
            Status = Enum<ReferralStatus>(Application.Reports.SummaryGroup.Status),
            Route = Enum<RouteKind>(Application.Reports.SummaryGroup.Route),
            Concern = Value(Application.Reports.SummaryGroup.Concern),
            ReferrerRole = Enum<ReferrerRole>(Application.Reports.SummaryGroup.ReferrerRole),
            CareSetting = Enum<CareSetting>(Application.Reports.SummaryGroup.CareSetting),
            AgeBand = Value(Application.Reports.SummaryGroup.AgeBand),
            Month = Value(Application.Reports.SummaryGroup.Month),
            Count = group.Count,
        };
    }
}

/// <summary>How many declined referrals gave one reason.</summary>
public sealed record ReasonCountResponse
{
    /// <summary>The decline reason code.</summary>
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public required string ReasonCode { get; init; }

    /// <summary>Referrals declined with it.</summary>
    [Range(0, int.MaxValue)]
    public required int Count { get; init; }
}

/// <summary>Days between two steps over the referrals that took both, from the recorded times (fractions of a day kept, rounded to 0.01).</summary>
public sealed record DurationResponse
{
    /// <summary>Referrals that took both steps.</summary>
    [Range(0, int.MaxValue)]
    public required int Referrals { get; init; }

    /// <summary>The median (percentile_cont 0.5); null when no referral took both steps.</summary>
    public required double? Median { get; init; }

    /// <summary>The 90th percentile (percentile_cont 0.9); null when no referral took both steps.</summary>
    public required double? Percentile90 { get; init; }

    internal static DurationResponse From(DurationFigures figures) =>
        new() { Referrals = figures.Referrals, Median = figures.Median, Percentile90 = figures.Percentile90 };
}

/// <summary>Submissions that needed more information.</summary>
public sealed record InformationRequestsResponse
{
    /// <summary>Referrals in the range that were submitted.</summary>
    [Range(0, int.MaxValue)]
    public required int Submitted { get; init; }

    /// <summary>Of those, referrals asked for more information at least once.</summary>
    [Range(0, int.MaxValue)]
    public required int NeededMoreInformation { get; init; }

    /// <summary>neededMoreInformation / submitted, 0 to 1 (rounded to 0.0001); null when none was submitted.</summary>
    [Range(0, 1)]
    public required double? Share { get; init; }
}

/// <summary>An acceptance rule and how many referrals had it unmet.</summary>
public sealed record RuleCountResponse
{
    /// <summary>The rule's code (GET /api/v1/acceptance-rules).</summary>
    [MaxLength(AcceptanceRule.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>Referrals with the rule not met or missing in at least one stored evaluation.</summary>
    [Range(0, int.MaxValue)]
    public required int Referrals { get; init; }
}

/// <summary>The team's decisions and the allocations per month in which their clocks stopped: counts and working days only.</summary>
public sealed record ServiceLevelReportResponse
{
    /// <summary>The first day included; null for no lower bound.</summary>
    public required DateOnly? From { get; init; }

    /// <summary>The first day left out; null for no upper bound.</summary>
    public required DateOnly? To { get; init; }

    /// <summary>Each month in the range in which a decision or an allocation clock stopped, oldest first; a month with neither is left out.</summary>
    public required IReadOnlyList<ServiceLevelMonthResponse> Months { get; init; }

    internal static ServiceLevelReportResponse Of(GetServiceLevelReport request, ServiceLevelReport report) => new()
    {
        From = request.Range.From,
        To = request.Range.To,
        Months = [.. report.Months.Select(m => new ServiceLevelMonthResponse { Month = m.Month, Decisions = ClockFiguresResponse.From(m.Decisions), Allocations = ClockFiguresResponse.From(m.Allocations) })],
    };
}

/// <summary>One month of the council's calendar.</summary>
public sealed record ServiceLevelMonthResponse
{
    /// <summary>The month, yyyy-MM.</summary>
    [MaxLength(ReportRowResponse.MonthLength)]
    public required string Month { get; init; }

    /// <summary>Decision clocks the team stopped that month: by accepting, declining or asking for information.</summary>
    public required ClockFiguresResponse Decisions { get; init; }

    /// <summary>Allocation clocks stopped that month by allocating.</summary>
    public required ClockFiguresResponse Allocations { get; init; }
}

/// <summary>Clocks stopped in a month, each measured against the target it started with.</summary>
public sealed record ClockFiguresResponse
{
    /// <summary>How many.</summary>
    [Range(0, int.MaxValue)]
    public required int Count { get; init; }

    /// <summary>How many stopped before their due time.</summary>
    [Range(0, int.MaxValue)]
    public required int WithinTarget { get; init; }

    /// <summary>withinTarget / count, 0 to 1 (rounded to 0.0001); null when count is 0.</summary>
    [Range(0, 1)]
    public required double? ShareWithinTarget { get; init; }

    /// <summary>The median of their working days (percentile_cont 0.5, rounded to 0.01); null when count is 0.</summary>
    public required double? MedianWorkingDays { get; init; }

    internal static ClockFiguresResponse From(ClockFigures figures) => new()
    {
        Count = figures.Count,
        WithinTarget = figures.WithinTarget,
        ShareWithinTarget = figures.ShareWithinTarget,
        MedianWorkingDays = figures.MedianWorkingDays,
    };
}

/// <summary>A page of report rows, oldest referral first.</summary>
public sealed record ReportRowPageResponse
{
    /// <summary>The rows of this page.</summary>
    [MaxLength(ListReportRows.MaxLimit)]
    public required IReadOnlyList<ReportRowResponse> Items { get; init; }

    /// <summary>Pass as cursor to get the next page; null on the last page.</summary>
    [MaxLength(Application.Referrals.ListReferrals.CursorMaxLength)]
    public required string? NextCursor { get; init; }

    /// <summary>The URL of the next page, with the same filters; null on the last page.</summary>
    public required string? Next { get; init; }

    internal static ReportRowPageResponse From(ReportRowPage page, string? next) =>
        new() { Items = [.. page.Items.Select(ReportRowResponse.From)], NextCursor = page.NextCursor, Next = next };
}

/// <summary>
/// One referral for reporting, with non-identifying fields only: no names, dates of birth, free
/// text, contact details or case ids. Dates are the council's calendar days.
/// </summary>
public sealed record ReportRowResponse
{
    internal const int AgeBandMaxLength = 5;
    internal const int MonthLength = 7;

    /// <summary>The referral's reference.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>Its status now.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>The route; null until given.</summary>
    public required RouteKind? Route { get; init; }

    /// <summary>Concern category codes, in the catalogue's order.</summary>
    [MaxItemsOf(Catalogue.ConcernCategories)]
    [ItemMaxLength(Model.ConcernCategory.CodeMaxLength)]
    public required IReadOnlyList<string> Concerns { get; init; }

    /// <summary>The referrer's role; null until given.</summary>
    public required ReferrerRole? ReferrerRole { get; init; }

    /// <summary>The child's age on the referral date: 0-1, 2-4, 5-11, 12-17 or 18+; null before submission.</summary>
    [MaxLength(AgeBandMaxLength)]
    public required string? AgeBand { get; init; }

    /// <summary>Where the child lives; null until given.</summary>
    public required CareSetting? CareSetting { get; init; }

    /// <summary>Whether the child has special educational needs and disabilities; null until given.</summary>
    public required bool? Send { get; init; }

    /// <summary>Every status change, oldest first: the status reached and the day (the first entry is the creation).</summary>
    public required IReadOnlyList<StatusDateResponse> StatusChanges { get; init; }

    internal static ReportRowResponse From(ReportRow row) => new()
    {
        Reference = row.Reference,
        Status = row.Status.To<ReferralStatus>(),
        Route = row.Route.ToOrNull<RouteKind>(),
        Concerns = row.Concerns,
        ReferrerRole = row.ReferrerRole.ToOrNull<ReferrerRole>(),
        AgeBand = row.AgeBand,
        CareSetting = row.CareSetting.ToOrNull<CareSetting>(),
        Send = row.HasSend,
        StatusChanges = [.. row.StatusChanges.Select(c => new StatusDateResponse { Status = c.Status.To<ReferralStatus>(), On = c.On })],
    };
}

/// <summary>A status reached, and the day.</summary>
public sealed record StatusDateResponse
{
    /// <summary>The status reached.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>The council's calendar day of the change.</summary>
    public required DateOnly On { get; init; }
}
