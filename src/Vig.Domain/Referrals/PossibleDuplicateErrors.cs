using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

/// <summary>The refusals about possible duplicates and declining a referral as a duplicate, each with its stable code.</summary>
public static class PossibleDuplicateErrors
{
    public static readonly DomainError NotFound = DomainError.NotFound(
        "possible-duplicate.not-found",
        "This referral is not linked to that referral as a possible duplicate. Read the referral's possibleDuplicates for the ids.");

    public static readonly DomainError AlreadyDismissed = DomainError.Conflict(
        "possible-duplicate.already-dismissed",
        "This possible duplicate has already been dismissed. Nothing more to do.");

    public static readonly DomainError DuplicateOfRequired = DomainError.Invalid(
        "referral.duplicate-of-required",
        "A referral declined as a duplicate must name the referral it duplicates: give its id in duplicateOf, usually one of its possibleDuplicates.");

    public static readonly DomainError DuplicateOfUnknown = DomainError.Invalid(
        "referral.duplicate-of-unknown",
        "duplicateOf must name another referral that you can see, usually one of this referral's possibleDuplicates.");
}
