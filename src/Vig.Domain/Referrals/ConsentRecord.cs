using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

public enum ConsentKind
{
    /// <summary>Informed consent to take part in VIG, after seeing the explainer video.</summary>
    TakePartInVig,

    /// <summary>Consent to be filmed.</summary>
    BeFilmed,
}

/// <summary>
/// A consent given by a named parent/carer (<see cref="ParentCarerId"/>) or by the child (null).
/// Withdrawal is recorded on it as a new dated fact; a record is never deleted. Consent given again
/// after a withdrawal is a new record.
/// </summary>
public sealed class ConsentRecord
{
    public const int CommentMaxLength = 1000;

    private ConsentRecord(Guid id, Guid? parentCarerId, ConsentKind kind, DateOnly givenOn, string recordedBy, DateTimeOffset recordedAt)
    {
        Id = id;
        ParentCarerId = parentCarerId;
        Kind = kind;
        GivenOn = givenOn;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    private ConsentRecord()
    {
        RecordedBy = string.Empty;
    }

    /// <summary>
    /// A consent given on <paramref name="givenOn"/>, recorded as of <paramref name="stamp"/>. Whether
    /// it fits a referral (a parent/carer of its own, a date neither in the future nor before the
    /// child's birth) is checked by <see cref="Referral.RecordConsent"/>; an acceptance check uses it as given.
    /// </summary>
    public static ConsentRecord Given(Guid id, Guid? parentCarerId, ConsentKind kind, DateOnly givenOn, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        return new(id, parentCarerId, kind, givenOn, stamp.By, stamp.At);
    }

    public Guid Id { get; private set; }

    /// <summary>The parent/carer who consented, or null when the child consented.</summary>
    public Guid? ParentCarerId { get; private set; }

    public bool GivenByChild => ParentCarerId is null;

    public ConsentKind Kind { get; private set; }

    public DateOnly GivenOn { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public DateOnly? WithdrawnOn { get; private set; }

    public string? WithdrawalRecordedBy { get; private set; }

    public DateTimeOffset? WithdrawalRecordedAt { get; private set; }

    public bool IsInForce => WithdrawnOn is null;

    internal void Withdraw(DateOnly withdrawnOn, string recordedBy, DateTimeOffset recordedAt)
    {
        WithdrawnOn = withdrawnOn;
        WithdrawalRecordedBy = recordedBy;
        WithdrawalRecordedAt = recordedAt;
    }
}
