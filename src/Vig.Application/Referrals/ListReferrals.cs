using System.Globalization;
using System.Text;
using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// A page of referrals matching every given filter, oldest update first, so a client can follow
/// changes with updatedSince and the cursor. Filters take the same spellings as the JSON.
/// </summary>
public sealed record ListReferrals(
    string? Status,
    string? Route,
    string? Concern,
    string? ReferrerRole,
    string? ExternalCaseId,
    string? UpdatedSince,
    string? Cursor,
    string? Limit) : IRequest<ReferralPage>
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;
}

public sealed class ListReferralsValidator : AbstractValidator<ListReferrals>
{
    public ListReferralsValidator()
    {
        // Every parameter must be one line of text before it is parsed or matched in SQL (PostgreSQL refuses NUL).
        RuleFor(x => x.Status).Cascade(CascadeMode.Stop).SingleLine().Must(v => EnumText.TryParse<ReferralStatus>(v, out _)).When(x => x.Status is not null)
            .WithMessage($"Use one of: {EnumText.Names<ReferralStatus>()}.");
        RuleFor(x => x.Route).Cascade(CascadeMode.Stop).SingleLine().Must(v => EnumText.TryParse<RouteKind>(v, out _)).When(x => x.Route is not null)
            .WithMessage($"Use one of: {EnumText.Names<RouteKind>()}.");
        RuleFor(x => x.ReferrerRole).Cascade(CascadeMode.Stop).SingleLine().Must(v => EnumText.TryParse<ReferrerRole>(v, out _)).When(x => x.ReferrerRole is not null)
            .WithMessage($"Use one of: {EnumText.Names<ReferrerRole>()}.");
        RuleFor(x => x.Concern).Cascade(CascadeMode.Stop).SingleLine().Must(v => ConcernCategory.FromCode(v) is not null).When(x => x.Concern is not null)
            .WithMessage("Use a code from GET /api/v1/concern-categories.");
        RuleFor(x => x.ExternalCaseId).SingleLine().MaximumLength(Child.ExternalCaseIdMaxLength);
        RuleFor(x => x.Limit).Cascade(CascadeMode.Stop).SingleLine().Must(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ListReferrals.MaxLimit)
            .When(x => x.Limit is not null)
            .WithMessage($"Ask for 1 to {ListReferrals.MaxLimit} referrals a page.");
        RuleFor(x => x.UpdatedSince).Cascade(CascadeMode.Stop).SingleLine().Must(v => ListReferralsHandler.TryParseInstant(v, out _)).When(x => x.UpdatedSince is not null)
            .WithMessage("Give an ISO 8601 date and time with its offset, e.g. 2026-11-24T09:00:00Z.");
        RuleFor(x => x.Cursor).Cascade(CascadeMode.Stop).SingleLine().Must(c => CursorText.TryDecode(c, out _)).When(x => x.Cursor is not null)
            .WithMessage("Use the nextCursor of the previous page, unchanged.");
    }
}

public sealed class ListReferralsHandler(IReferralQueries queries, ICurrentClient client, IAuditTrail audit) : IRequestHandler<ListReferrals, ReferralPage>
{
    public async Task<ReferralPage> Handle(ListReferrals request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = new ReferralFilter(
            Parse<ReferralStatus>(request.Status),
            Parse<RouteKind>(request.Route),
            request.Concern,
            Parse<ReferrerRole>(request.ReferrerRole),
            request.ExternalCaseId,
            TryParseInstant(request.UpdatedSince, out var since) ? since : null,
            client.HasScope(Scopes.Decide) ? null : client.ClientId);
        CursorText.TryDecode(request.Cursor, out var after);
        var take = request.Limit is null ? ListReferrals.DefaultLimit : int.Parse(request.Limit, CultureInfo.InvariantCulture);

        // One extra row says whether another page follows.
        var rows = await queries.ListAsync(filter, after, take + 1, cancellationToken);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? CursorText.Encode(new ReferralCursor(items[^1].UpdatedAt, items[^1].Id)) : null;
        await audit.RecordReadAsync("referral.list", null, cancellationToken);
        return new ReferralPage(items, next);
    }

    internal static bool TryParseInstant(string? text, out DateTimeOffset? instant)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);
        instant = ok ? parsed : null;
        return ok;
    }

    private static T? Parse<T>(string? value)
        where T : struct, Enum => EnumText.TryParse<T>(value, out var parsed) ? parsed : null;
}

/// <summary>An opaque page cursor: clients pass it back unchanged.</summary>
internal static class CursorText
{
    public static string Encode(ReferralCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.UpdatedAt.UtcTicks}|{cursor.Id:N}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out ReferralCursor? cursor)
    {
        cursor = null;
        // A cursor is about 72 characters: "{ticks}|{id}" in URL-safe base64.
        if (string.IsNullOrEmpty(text) || text.Length > 100)
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
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            cursor = new ReferralCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }

        return false;
    }
}
