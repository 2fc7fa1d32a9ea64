using System.Globalization;
using System.Text;
using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Application.Referrals;

/// <summary>
/// A page of referrals matching every given filter, oldest update first, so a client can follow
/// changes with updatedSince and the cursor; or, sorted by due time, the running clocks soonest due
/// first, as a worklist. The API has parsed the query; the validator checks
/// what a type cannot say (ranges, codes, one line of text).
/// </summary>
public sealed record ListReferrals(
    ReferralStatus? Status,
    RouteKind? Route,
    string? Concern,
    ReferrerRole? ReferrerRole,
    string? ExternalCaseId,
    DateTimeOffset? UpdatedSince,
    string? Cursor,
    int? Limit,
    bool? Overdue = null,
    DateOnly? DueBefore = null,
    bool? PossibleDuplicate = null,
    ReferralSort Sort = ReferralSort.UpdatedAt) : IRequest<ReferralPage>
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    /// <summary>A cursor is at most about 78 characters: "{ticks}|{id}", or "{ticks}|{id}|due", in URL-safe base64.</summary>
    public const int CursorMaxLength = 100;
}

public sealed class ListReferralsValidator : AbstractValidator<ListReferrals>
{
    public ListReferralsValidator()
    {
        // Text parameters must be one line before they are matched in SQL (PostgreSQL refuses NUL).
        RuleFor(x => x.Status).IsInEnum().WithMessage($"Use one of: {EnumText.Names<ReferralStatus>()}.");
        RuleFor(x => x.Route).IsInEnum().WithMessage($"Use one of: {EnumText.Names<RouteKind>()}.");
        RuleFor(x => x.ReferrerRole).IsInEnum().WithMessage($"Use one of: {EnumText.Names<ReferrerRole>()}.");
        RuleFor(x => x.Concern).Cascade(CascadeMode.Stop).SingleLine().Must(v => ConcernCategory.FromCode(v) is not null).When(x => x.Concern is not null)
            .WithMessage("Use a code from GET /api/v1/concern-categories.");
        RuleFor(x => x.ExternalCaseId).SingleLine().MaximumLength(Child.ExternalCaseIdMaxLength);
        RuleFor(x => x.Limit).InclusiveBetween(1, ListReferrals.MaxLimit).WithMessage($"Ask for 1 to {ListReferrals.MaxLimit} referrals a page.");
        RuleFor(x => x.Sort).IsInEnum().WithMessage($"Use one of: {EnumText.Names<ReferralSort>()}.");
        RuleFor(x => x.Cursor).Cascade(CascadeMode.Stop).SingleLine().Must((query, c) => CursorText.TryDecode(c, out var cursor) && cursor!.Order == query.Sort)
            .When(x => x.Cursor is not null)
            .WithMessage("Use the nextCursor of the previous page, unchanged, with the same sort.");
    }
}

public sealed class ListReferralsHandler(IReferralQueries queries, ReferralAccess access, ServiceClock clock, WorkingDays workingDays) : IRequestHandler<ListReferrals, ReferralPage>
{
    public async Task<ReferralPage> Handle(ListReferrals request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Refused whatever the referrals, so the answer says nothing about other clients' ones (ADR 0030).
        if (request.PossibleDuplicate is not null && !access.SeesPossibleDuplicates)
        {
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                [nameof(ListReferrals.PossibleDuplicate)] = ["Only the VIG team (scope referrals.decide) can filter by possible duplicates. Leave possibleDuplicate out."],
            });
        }

        var filter = new ReferralFilter(
            request.Status,
            request.Route,
            request.Concern,
            request.ReferrerRole,
            request.ExternalCaseId,
            request.UpdatedSince,
            access.CreatedByFilter,
            request.Overdue is { } overdue ? (overdue, clock.Now) : null,
            request.DueBefore is { } day ? workingDays.StartOf(day) : null,
            request.PossibleDuplicate,
            request.Sort);
        CursorText.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? ListReferrals.DefaultLimit;

        // One extra row says whether another page follows.
        var rows = await queries.ListAsync(filter, after, take + 1, AuditActions.List, cancellationToken);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? CursorText.Encode(CursorAfter(items[^1], request.Sort)) : null;
        return new ReferralPage(items, next);
    }

    // Sorted by due time, every row has a running clock: the query keeps only those.
    private static ReferralCursor CursorAfter(ReferralSummary last, ReferralSort order) =>
        order == ReferralSort.DueAt ? new(last.DueAt!.Value, last.Id, order) : new(last.UpdatedAt, last.Id);
}

/// <summary>An opaque page cursor: clients pass it back unchanged.</summary>
internal static class CursorText
{
    private const string DueAtMark = "due";

    public static string Encode(ReferralCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(
                CultureInfo.InvariantCulture,
                $"{cursor.At.UtcTicks}|{cursor.Id:N}{(cursor.Order == ReferralSort.DueAt ? "|" + DueAtMark : string.Empty)}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out ReferralCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > ListReferrals.CursorMaxLength)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        var buffer = new byte[75];
        if (!Convert.TryFromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='), buffer, out var written))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(buffer, 0, written).Split('|');
        if (parts.Length is 2 or 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id)
            && (parts.Length == 2 || parts[2] == DueAtMark))
        {
            cursor = new ReferralCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, parts.Length == 3 ? ReferralSort.DueAt : ReferralSort.UpdatedAt);
            return true;
        }

        return false;
    }
}

/// <summary>A referral in a list: no personal data, so lists and reports can be shared more widely. Built in the database, not from the aggregate.</summary>
public sealed record ReferralSummary(
    Guid Id,
    string Reference,
    ReferralStatus Status,
    RouteKind? Route,
    ReferrerRole? ReferrerRole,
    string? ExternalCaseId,
    IReadOnlyList<string> Concerns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    ClockKind? Awaiting = null,
    DateTimeOffset? DueAt = null);

public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, string? NextCursor);
