using System.Globalization;
using System.Text;
using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Application.Referrals;

namespace Vig.Application.Events;

/// <summary>
/// The change feed: the events of the caller's referrals (every referral's with referrals.decide)
/// after the cursor, in the order their transactions are settled, never skipping one that commits
/// late (docs/decisions/0018).
/// </summary>
public sealed record ListEvents(string? After, int? Limit) : IRequest<EventPage>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>A cursor is at most about 55 characters: "{transaction}.{position}" in URL-safe base64.</summary>
    public const int CursorMaxLength = 64;
}

/// <summary>A page of events and where to continue: <see cref="NextCursor"/> is never null, so a client always has a place to resume from.</summary>
public sealed record EventPage(IReadOnlyList<ReferralEvent> Items, string NextCursor, bool HasMore);

/// <summary>Where an event sits in the feed: its transaction's id, then its position in the table.</summary>
public sealed record EventCursor(ulong TransactionId, long Position)
{
    /// <summary>Before every event.</summary>
    public static readonly EventCursor Start = new(0, 0);
}

/// <summary>An event with its place in the feed.</summary>
public sealed record FeedEvent(EventCursor Cursor, ReferralEvent Event);

/// <summary>Reads the outbox as a feed.</summary>
public interface IEventFeed
{
    /// <summary>
    /// Up to <paramref name="take"/> events after <paramref name="after"/>, only from transactions
    /// older than every transaction still running, in (transaction, position) order; only those of
    /// referrals owned by <paramref name="owningClient"/> unless it is null. The read is recorded in
    /// the audit trail as <paramref name="auditAction"/> in the same statement (ADR 0013).
    /// </summary>
    Task<IReadOnlyList<FeedEvent>> ReadAsync(EventCursor after, string? owningClient, int take, string auditAction, CancellationToken cancellationToken);
}

public sealed class ListEventsValidator : AbstractValidator<ListEvents>
{
    public ListEventsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, ListEvents.MaxLimit).WithMessage($"Ask for 1 to {ListEvents.MaxLimit} events a page.");
        RuleFor(x => x.After).Cascade(CascadeMode.Stop).SingleLine().Must(c => EventCursorText.TryDecode(c, out _)).When(x => x.After is not null)
            .WithMessage("Use the nextCursor of the previous page, unchanged (or leave after out to start from the first event).");
    }
}

public sealed class ListEventsHandler(IEventFeed feed, ReferralAccess access) : IRequestHandler<ListEvents, EventPage>
{
    public async Task<EventPage> Handle(ListEvents request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EventCursorText.TryDecode(request.After, out var after);
        after ??= EventCursor.Start;
        var take = request.Limit ?? ListEvents.DefaultLimit;
        var owner = access.CreatedByFilter;

        // One extra row says whether more events are ready now.
        var rows = await feed.ReadAsync(after, owner, take + 1, AuditActions.ListEvents, cancellationToken);
        var items = rows.Take(take).ToList();
        var next = items.Count == 0 ? after : items[^1].Cursor;
        return new EventPage([.. items.Select(i => i.Event)], EventCursorText.Encode(next), rows.Count > take);
    }
}

/// <summary>An opaque feed cursor: clients pass it back unchanged.</summary>
public static class EventCursorText
{
    public static string Encode(EventCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.TransactionId}.{cursor.Position}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, out EventCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > ListEvents.CursorMaxLength)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        var buffer = new byte[48];
        if (!Convert.TryFromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='), buffer, out var written))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(buffer, 0, written).Split('.');
        if (parts.Length == 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var transaction)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            cursor = new EventCursor(transaction, position);
            return true;
        }

        return false;
    }
}
