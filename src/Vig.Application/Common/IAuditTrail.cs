namespace Vig.Application.Common;

/// <summary>
/// Who did what to which referral, and when: every create, change and transition, and every read of
/// a referral's personal data. Entries are saved with the change they describe, in one transaction.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Adds an entry for the calling client; it is saved with the next save of the request.</summary>
    void Record(string action, Guid? referralId);

    /// <summary>Records a read and saves it at once: a read has no change to be saved with.</summary>
    Task RecordReadAsync(string action, Guid? referralId, CancellationToken cancellationToken);

    /// <summary>
    /// Records, and saves at once, that the client asked for a referral it may not have: one it did
    /// not create, or one that does not exist (the two cannot be told apart, by design). The entry
    /// names the requested id and the action with <see cref="AuditEntry.RefusedSuffix"/>.
    /// </summary>
    Task RecordRefusedAsync(string action, Guid requestedId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ForReferralAsync(Guid referralId, CancellationToken cancellationToken);
}

public sealed record AuditEntry(DateTimeOffset At, string ClientId, string? Subject, string Action, Guid? ReferralId, string CorrelationId)
{
    public const int ActionMaxLength = 64;

    /// <summary>The longest X-Correlation-ID kept: a longer one sent by a client is replaced (Api/Http/CorrelationId).</summary>
    public const int CorrelationIdMaxLength = 64;

    /// <summary>Ends the action of a refused access, e.g. "referral.read.refused".</summary>
    public const string RefusedSuffix = ".refused";
}
