using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class PossibleDuplicateTests
{
    private static readonly Guid Lower = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly Guid Higher = Guid.Parse("ffffffff-0000-4000-8000-000000000001");

    [Fact]
    public void APair_IsStoredInOneOrder_WhicheverReferralWasSubmitted()
    {
        var one = PossibleDuplicate.Found(Higher, Lower, true, false, Now);
        var other = PossibleDuplicate.Found(Lower, Higher, false, true, Now);

        Assert.Equal((Lower, Higher), (one.FirstReferralId, one.SecondReferralId));
        Assert.Equal((Lower, Higher), (other.FirstReferralId, other.SecondReferralId));
        Assert.Equal((true, false, Now.At), (one.SameExternalCaseId, one.SameNameAndDateOfBirth, one.FoundAt));
        Assert.Equal((false, true), (other.SameExternalCaseId, other.SameNameAndDateOfBirth));
        Assert.Equal((Higher, Lower), (one.OtherThan(Lower), one.OtherThan(Higher)));
        Assert.False(one.IsDismissed);
        Assert.Equal((null, null), (one.DismissedAt, one.DismissedBy));
    }

    [Fact]
    public void APair_OfOneReferral_OrThatMatchesOnNothing_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PossibleDuplicate.Found(Lower, Lower, true, true, Now));
        Assert.Throws<ArgumentException>(() => PossibleDuplicate.Found(Lower, Higher, false, false, Now));
        Assert.Throws<ArgumentNullException>(() => PossibleDuplicate.Found(Lower, Higher, true, false, null!));
    }

    [Fact]
    public void Dismiss_KeepsThePair_WithWhoAndWhen_AndOnlyOnce()
    {
        var pair = PossibleDuplicate.Found(Lower, Higher, true, false, Now);
        var later = StampOn(Today.AddDays(2), "vig-team-2");

        pair.Dismiss(later);

        Assert.True(pair.IsDismissed);
        Assert.Equal((later.At, "vig-team-2"), (pair.DismissedAt, pair.DismissedBy));
        var again = Assert.Throws<DomainException>(() => pair.Dismiss(Now)).Error;
        Assert.Equal(("possible-duplicate.already-dismissed", ErrorKind.Conflict), (again.Code, again.Kind));
        Assert.Equal((later.At, "vig-team-2"), (pair.DismissedAt, pair.DismissedBy));
        Assert.Throws<ArgumentNullException>(() => pair.Dismiss(null!));
    }

    [Fact]
    public void DecliningAsADuplicate_NamesTheOriginal_AndRecordsTheDuplicateReason()
    {
        var referral = InStatus(ReferralStatus.Submitted);
        var original = Guid.NewGuid();

        referral.DeclineAsDuplicateOf(original, "Already referred.", Now);

        Assert.Equal((ReferralStatus.Declined, "duplicate", (Guid?)original), (referral.Status, referral.DeclineReasonCode, referral.DuplicateOf));
        Assert.Equal("duplicate", referral.History[^1].ReasonCode);
    }

    [Fact]
    public void DecliningAsADuplicate_WithoutTheOriginal_OrNamingItself_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        var missing = Assert.Throws<DomainException>(() => referral.Decline(DeclineReason.Duplicate, "Already referred.", Now)).Error;
        var itself = Assert.Throws<DomainException>(() => referral.DeclineAsDuplicateOf(referral.Id, "Already referred.", Now)).Error;

        Assert.Equal(("referral.duplicate-of-required", ErrorKind.Invalid), (missing.Code, missing.Kind));
        Assert.Equal(("referral.duplicate-of-unknown", ErrorKind.Invalid), (itself.Code, itself.Kind));
        Assert.Equal((ReferralStatus.Submitted, null, null), (referral.Status, referral.DeclineReasonCode, referral.DuplicateOf));
        Assert.Equal("referral.comment-required", Assert.Throws<DomainException>(() => referral.DeclineAsDuplicateOf(Guid.NewGuid(), " ", Now)).Error.Code);
    }

    [Fact]
    public void DecliningForAnotherReason_NamesNoOriginal()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        referral.Decline(DeclineReason.FamilyDeclined, "The family said no.", Now);

        Assert.Null(referral.DuplicateOf);
    }
}
