using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Common;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>The query of GET /referrals: filters that combine, and paging.</summary>
public sealed record ListReferralsQuery
{
    /// <summary>Only referrals in this status.</summary>
    [FromQuery(Name = "status")]
    public QueryValue<ReferralStatus>? Status { get; init; }

    /// <summary>Only referrals that came by this route.</summary>
    [FromQuery(Name = "route")]
    public QueryValue<RouteKind>? Route { get; init; }

    /// <summary>Only referrals naming this concern: a code from GET /api/v1/concern-categories.</summary>
    [FromQuery(Name = "concern")]
    [MaxLength(Model.ConcernCategory.CodeMaxLength)]
    public string? Concern { get; init; }

    /// <summary>Only referrals from a referrer in this role.</summary>
    [FromQuery(Name = "referrerRole")]
    public QueryValue<ReferrerRole>? ReferrerRole { get; init; }

    /// <summary>Only referrals about this case of the case-management system (the child's externalCaseId).</summary>
    [FromQuery(Name = "externalCaseId")]
    [MaxLength(Model.Child.ExternalCaseIdMaxLength)]
    public string? ExternalCaseId { get; init; }

    /// <summary>Only referrals changed at or after this instant: an RFC 3339 date-time with its offset, e.g. 2026-11-24T09:00:00Z.</summary>
    [FromQuery(Name = "updatedSince")]
    public QueryInstant? UpdatedSince { get; init; }

    /// <summary>true: only referrals whose service-level clock is past its due time; false: only those whose clock runs and is not. Absent: either, and referrals without a clock.</summary>
    [FromQuery(Name = "overdue")]
    public bool? Overdue { get; init; }

    /// <summary>Only referrals whose running clock's last working day (dueOn) is before this date: yyyy-mm-dd.</summary>
    [FromQuery(Name = "dueBefore")]
    public QueryDate? DueBefore { get; init; }

    /// <summary>VIG team only (referrals.decide; anyone else gets 400): true for referrals with a possible duplicate not dismissed, false for those without.</summary>
    [FromQuery(Name = "possibleDuplicate")]
    public bool? PossibleDuplicate { get; init; }

    /// <summary>updatedAt (when absent): oldest update first, every referral. dueAt: soonest due first, only referrals whose service-level clock runs (a worklist; overdue ones come first). Each page's cursor keeps to its sort.</summary>
    [FromQuery(Name = "sort")]
    public QueryValue<ReferralSort>? Sort { get; init; }

    /// <summary>Where the page starts: the nextCursor of the previous page, unchanged, with the same sort.</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(ListReferrals.CursorMaxLength)]
    public string? Cursor { get; init; }

    /// <summary>How many referrals a page holds at most; 25 when absent.</summary>
    [FromQuery(Name = "limit")]
    [Range(1, ListReferrals.MaxLimit)]
    public int? Limit { get; init; }

    internal ListReferrals ToRequest() => new(
        Status?.Value.To<Model.ReferralStatus>(),
        Route?.Value.To<Model.RouteKind>(),
        Concern,
        ReferrerRole?.Value.To<Model.ReferrerRole>(),
        ExternalCaseId,
        UpdatedSince?.Value,
        Cursor,
        Limit,
        Overdue,
        DueBefore?.Value,
        PossibleDuplicate,
        Sort?.Value.To<Application.Referrals.ReferralSort>() ?? Application.Referrals.ReferralSort.UpdatedAt);
}

/// <summary>
/// An enum value in a query string, spelled as in JSON (camelCase; case is ignored). Unlike the
/// framework's own enum binding it refuses numbers and other spellings, as the JSON does.
/// The document shows it as the enum itself (OpenApi/QueryValueParameterFilter).
/// </summary>
/// <typeparam name="T">The wire enum.</typeparam>
public readonly record struct QueryValue<T>(T Value)
    where T : struct, Enum
{
    /// <summary>Called by the framework to bind the query value.</summary>
#pragma warning disable CA1000 // The framework binds query values through a static TryParse on the type itself.
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryValue<T> result)
    {
        var ok = EnumText.TryParse<T>(text, out var value);
        result = new QueryValue<T>(value);
        return ok;
    }
#pragma warning restore CA1000
}

/// <summary>
/// An instant in a query string, read as the framework reads a DateTimeOffset but refused when
/// longer than <see cref="WireFormats.DateTimeMaxLength"/> characters, so that the document's
/// maxLength is the one enforced. The document shows it as a date-time string (OpenApi/QueryValueParameterFilter).
/// </summary>
public readonly record struct QueryInstant(DateTimeOffset Value)
{
    /// <summary>Called by the framework to bind the query value.</summary>
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryInstant result)
    {
        var value = default(DateTimeOffset);
        var ok = text is { Length: <= WireFormats.DateTimeMaxLength }
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
        result = new QueryInstant(value);
        return ok;
    }
}

/// <summary>A page of referrals.</summary>
public sealed record ReferralListResponse
{
    /// <summary>The referrals on this page, oldest update first.</summary>
    [MaxLength(ListReferrals.MaxLimit)]
    public required IReadOnlyList<ReferralSummaryResponse> Items { get; init; }

    /// <summary>Pass as cursor to get the next page; null on the last page.</summary>
    [MaxLength(ListReferrals.CursorMaxLength)]
    public required string? NextCursor { get; init; }

    /// <summary>The URL of the next page, with the same filters; null on the last page.</summary>
    public required string? Next { get; init; }

    internal static ReferralListResponse From(ReferralPage page, string? next)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new() { Items = [.. page.Items.Select(ReferralSummaryResponse.From)], NextCursor = page.NextCursor, Next = next };
    }
}

/// <summary>A referral in a list: no personal data, so lists can be shared more widely.</summary>
public sealed record ReferralSummaryResponse
{
    /// <summary>The referral's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The human-readable reference.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>Where the referral is in its life.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>The route; null until given.</summary>
    public required RouteKind? Route { get; init; }

    /// <summary>The referrer's role; null until the referrer is given.</summary>
    public required ReferrerRole? ReferrerRole { get; init; }

    /// <summary>The case-management system's id for the child's case; null if not given.</summary>
    [MaxLength(Model.Child.ExternalCaseIdMaxLength)]
    public required string? ExternalCaseId { get; init; }

    /// <summary>Concern category codes.</summary>
    [MaxItemsOf(Catalogue.ConcernCategories)]
    [ItemMaxLength(Model.ConcernCategory.CodeMaxLength)]
    public required IReadOnlyList<string> Concerns { get; init; }

    /// <summary>When the referral was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the referral last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version; the ETag is W/"version".</summary>
    [Range(1, int.MaxValue)]
    public required int Version { get; init; }

    /// <summary>What the running service-level clock awaits; null when no clock runs.</summary>
    public required ClockKind? Awaiting { get; init; }

    /// <summary>When the running clock becomes overdue (the end of its last working day); null when no clock runs.</summary>
    public required DateTimeOffset? DueAt { get; init; }

    internal static ReferralSummaryResponse From(ReferralSummary summary) => new()
    {
        Awaiting = summary.Awaiting.ToOrNull<ClockKind>(),
        DueAt = summary.DueAt,
        Id = summary.Id,
        Reference = summary.Reference,
        Status = summary.Status.To<ReferralStatus>(),
        Route = summary.Route.ToOrNull<RouteKind>(),
        ReferrerRole = summary.ReferrerRole.ToOrNull<ReferrerRole>(),
        ExternalCaseId = summary.ExternalCaseId,
        Concerns = summary.Concerns,
        CreatedAt = summary.CreatedAt,
        UpdatedAt = summary.UpdatedAt,
        Version = summary.Version,
    };
}

/// <summary>One entry of a referral's status timeline.</summary>
public sealed record StatusChangeResponse
{
    /// <summary>The status before; null for the creation.</summary>
    public required ReferralStatus? From { get; init; }

    /// <summary>The status after.</summary>
    public required ReferralStatus To { get; init; }

    /// <summary>When the change happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The client that made the change.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string By { get; init; }

    /// <summary>The code that came with the change (decline reason, closure outcome); null if none.</summary>
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public required string? ReasonCode { get; init; }

    /// <summary>The words that came with the change; null if none.</summary>
    [MaxLength(Model.StatusChange.CommentMaxLength)]
    public required string? Comment { get; init; }

    internal static StatusChangeResponse Of(Model.StatusChange change) => new()
    {
        From = change.From.ToOrNull<ReferralStatus>(),
        To = change.To.To<ReferralStatus>(),
        At = change.At,
        By = change.By,
        ReasonCode = change.ReasonCode,
        Comment = change.Comment,
    };
}

/// <summary>Who created, changed or read a referral, and when.</summary>
public sealed record AuditEntryResponse
{
    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The calling client.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string ClientId { get; init; }

    /// <summary>The person acting through the client, when the token names one; otherwise null.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string? Subject { get; init; }

    /// <summary>What was done, e.g. referral.read or referral.accept; a refused access ends in .refused.</summary>
    [MaxLength(AuditEntry.ActionMaxLength)]
    public required string Action { get; init; }

    /// <summary>The referral concerned; null for actions on no one referral.</summary>
    public required Guid? ReferralId { get; init; }

    /// <summary>The X-Correlation-ID of the request.</summary>
    [MaxLength(AuditEntry.CorrelationIdMaxLength)]
    public required string CorrelationId { get; init; }

    internal static AuditEntryResponse From(AuditEntry entry) => new()
    {
        At = entry.At,
        ClientId = entry.ClientId,
        Subject = entry.Subject,
        Action = entry.Action,
        ReferralId = entry.ReferralId,
        CorrelationId = entry.CorrelationId,
    };
}
