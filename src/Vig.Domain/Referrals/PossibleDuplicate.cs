using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

/// <summary>
/// Two referrals that may be of the same child, found when one of them was submitted: they share the
/// child's case id (sent by any client), or the child's date of birth and name, compared with case,
/// whitespace, accents and invisible characters ignored.
/// Only the VIG team sees it. A pair the team dismisses is kept, and never linked again.
/// </summary>
public sealed class PossibleDuplicate
{
    /// <summary>A closed or declined referral is compared for this long after it finished.</summary>
    public const int FinishedWithinMonths = 12;

    /// <summary>The most pairs one submission links: a case id shared by many referrals (a placeholder such as "N/A") must not flood the team.</summary>
    public const int MaxFoundPerSubmission = 20;

    /// <summary>Referrals always compared: the open ones a team could still act on (a draft has not been referred yet).</summary>
    public static readonly IReadOnlyList<ReferralStatus> OpenStatuses =
        [ReferralStatus.Submitted, ReferralStatus.InformationRequested, ReferralStatus.Accepted, ReferralStatus.Allocated];

    /// <summary>Referrals compared for <see cref="FinishedWithinMonths"/> after they finished (withdrawn ones never).</summary>
    public static readonly IReadOnlyList<ReferralStatus> FinishedStatuses = [ReferralStatus.Closed, ReferralStatus.Declined];

    private PossibleDuplicate()
    {
    }

    /// <summary>The pair in a fixed order (the lower id first), so that it is one row whichever of the two was submitted.</summary>
    public Guid FirstReferralId { get; private set; }

    public Guid SecondReferralId { get; private set; }

    public bool SameExternalCaseId { get; private set; }

    public bool SameNameAndDateOfBirth { get; private set; }

    public DateTimeOffset FoundAt { get; private set; }

    public DateTimeOffset? DismissedAt { get; private set; }

    /// <summary>The client that dismissed the pair; the audit trail also names the person acting through it.</summary>
    public string? DismissedBy { get; private set; }

    public bool IsDismissed => DismissedAt is not null;

    /// <summary>The pair of <paramref name="submitted"/> and <paramref name="other"/>, found at the submission <paramref name="stamp"/> describes.</summary>
    public static PossibleDuplicate Found(Guid submitted, Guid other, bool sameExternalCaseId, bool sameNameAndDateOfBirth, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        if (submitted == other || !(sameExternalCaseId || sameNameAndDateOfBirth))
        {
            throw new ArgumentException("A possible duplicate is two referrals that share the case id or the child's name and date of birth.");
        }

        var (first, second) = submitted.CompareTo(other) < 0 ? (submitted, other) : (other, submitted);
        return new PossibleDuplicate
        {
            FirstReferralId = first,
            SecondReferralId = second,
            SameExternalCaseId = sameExternalCaseId,
            SameNameAndDateOfBirth = sameNameAndDateOfBirth,
            FoundAt = stamp.At,
        };
    }

    /// <summary>The other referral of the pair, seen from <paramref name="referralId"/>.</summary>
    public Guid OtherThan(Guid referralId) => referralId == FirstReferralId ? SecondReferralId : FirstReferralId;

    /// <summary>The VIG team judged the two referrals to be of different children.</summary>
    public void Dismiss(Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        if (IsDismissed)
        {
            throw new DomainException(PossibleDuplicateErrors.AlreadyDismissed);
        }

        DismissedAt = stamp.At;
        DismissedBy = stamp.By;
    }
}
