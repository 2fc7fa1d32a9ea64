namespace Vig.Infrastructure.Events;

/// <summary>
/// A row of referral_events, the outbox: inserted with the change it describes, in the same
/// transaction. The column transaction_id (the inserting transaction's id, pg_current_xact_id())
/// is set by the database and orders the feed (docs/decisions/0018).
/// </summary>
internal sealed class StoredEvent
{
    public long Position { get; init; }

    public Guid Id { get; init; }

    public required string Type { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public Guid ReferralId { get; init; }

    public required string Reference { get; init; }

    public required string Status { get; init; }

    public int Version { get; init; }

    public required string OwningClient { get; init; }

    public string? Verdict { get; init; }

    public string? ReasonCode { get; init; }

    public string? Outcome { get; init; }
}
