namespace Vig.Infrastructure.Audit;

/// <summary>A row of audit_events: append-only, enforced by the database itself (see the migration).</summary>
internal sealed class AuditEvent
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public required string ClientId { get; init; }

    public string? Subject { get; init; }

    public required string Action { get; init; }

    public Guid? ReferralId { get; init; }

    public required string CorrelationId { get; init; }
}
