using Vig.Domain.Referrals;

namespace Vig.Application.Reports;

/// <summary>
/// Reporting reads: non-identifying fields only, from the report rows kept beside the referrals
/// (ADR 0014). They may be served by a read replica (ConnectionStrings:VigReports), so they write
/// nothing: their audit records go through <see cref="Common.IAuditTrail"/> before the read.
/// </summary>
public interface IReportQueries
{
    Task<SummaryReport> SummaryAsync(ReportRange range, IReadOnlyList<SummaryGroup> groupBy, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="take"/> rows after <paramref name="after"/>, in (created at, id) order.</summary>
    Task<IReadOnlyList<ReportRow>> RowsAsync(ReportRowFilter filter, ReportCursor? after, int take, CancellationToken cancellationToken);

    /// <summary>Every row, in the same order, read from the database as they are enumerated (never all held at once).</summary>
    IAsyncEnumerable<ReportRow> AllRowsAsync(ReportRowFilter filter, CancellationToken cancellationToken);

    /// <summary>Every closed referral with its groups, closing day and measured changes, from the report rows (ADR 0033).</summary>
    Task<IReadOnlyList<ClosedOutcome>> ClosedOutcomesAsync(CancellationToken cancellationToken);

    /// <summary>The decisions and allocations whose clocks stopped on a day in <paramref name="range"/>, per month (see <see cref="GetServiceLevelReport"/>).</summary>
    Task<ServiceLevelReport> ServiceLevelsAsync(ReportRange range, CancellationToken cancellationToken);
}

/// <summary>
/// Which referrals a report covers: those whose referral date (the day of their first submission,
/// in the council's calendar) is on or after <see cref="From"/> and before <see cref="To"/>. With
/// neither, every referral, drafts never submitted included; with either, drafts are left out.
/// The service-level report applies it to the day each clock stopped instead.
/// </summary>
public sealed record ReportRange(DateOnly? From, DateOnly? To)
{
    public bool IsAllTime => From is null && To is null;
}

/// <summary>What the counts of a summary can be grouped by; several give one count per combination.</summary>
public enum SummaryGroup
{
    Status,
    Route,
    Concern,
    ReferrerRole,
    CareSetting,
    AgeBand,
    Month,
}

public sealed record SummaryReport(
    int Total,
    IReadOnlyList<GroupCount> Groups,
    IReadOnlyList<ReasonCount> DeclinesByReason,
    DurationFigures DaysToDecision,
    DurationFigures DaysToAllocation,
    InformationRequestFigures InformationRequests,
    IReadOnlyList<RuleCount> UnmetRules);

/// <summary>
/// How many referrals share one combination of the grouped values. Each value is as the API
/// spells it (camelCase enum names, concern codes, age bands, months as yyyy-MM); null when the
/// referral has none (no route yet, a draft's age band), or when not grouped by it.
/// </summary>
public sealed record GroupCount(IReadOnlyDictionary<SummaryGroup, string?> Key, int Count);

public sealed record ReasonCount(string ReasonCode, int Count);

/// <summary>Days between two steps (fractional, from the recorded instants) over the referrals that took both.</summary>
public sealed record DurationFigures(int Referrals, double? Median, double? Percentile90);

/// <summary>Of the referrals submitted, how many were asked for more information at least once.</summary>
public sealed record InformationRequestFigures(int Submitted, int NeededMoreInformation, double? Share);

/// <summary>An acceptance rule and how many referrals had it not met (or missing) in any stored evaluation.</summary>
public sealed record RuleCount(string Code, int Referrals);

public sealed record ReportRowFilter(ReportRange Range, ReferralStatus? Status);

/// <summary>Where a page of report rows ends: rows are ordered by creation, then id.</summary>
public sealed record ReportCursor(DateTimeOffset CreatedAt, Guid Id);

/// <summary>
/// One referral for reporting, non-identifying fields only: no names, dates of birth, free text,
/// contact details or case ids. <see cref="Id"/> orders the rows and is never written out.
/// </summary>
public sealed record ReportRow(
    Guid Id,
    DateTimeOffset CreatedAt,
    string Reference,
    ReferralStatus Status,
    RouteKind? Route,
    IReadOnlyList<string> Concerns,
    ReferrerRole? ReferrerRole,
    string? AgeBand,
    CareSetting? CareSetting,
    bool? HasSend,
    IReadOnlyList<StatusDate> StatusChanges)
{
    /// <summary>The day the referral first reached <paramref name="status"/>, or null if it never did.</summary>
    public DateOnly? FirstOn(ReferralStatus status) => StatusChanges.FirstOrDefault(c => c.Status == status)?.On;
}

/// <summary>A status change: the status reached and the council's calendar day it happened.</summary>
public sealed record StatusDate(ReferralStatus Status, DateOnly On);
