using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class ConsentTests
{
    [Fact]
    public void ConsentGiven_CarriesWhoGaveItAndWhen_AndWhoRecordedIt_InForce()
    {
        var id = Guid.NewGuid();
        var stamp = StampOn(Today, "case-system");

        var consent = ConsentRecord.Given(id, MotherId, ConsentKind.BeFilmed, Today.AddDays(-3), stamp);

        Assert.Equal((id, MotherId, ConsentKind.BeFilmed, Today.AddDays(-3)), (consent.Id, consent.ParentCarerId, consent.Kind, consent.GivenOn));
        Assert.Equal(("case-system", stamp.At), (consent.RecordedBy, consent.RecordedAt));
        Assert.True(consent.IsInForce);
        Assert.False(consent.GivenByChild);
        Assert.True(ConsentRecord.Given(id, null, ConsentKind.BeFilmed, Today, stamp).GivenByChild);
    }

    [Fact]
    public void WithdrawingConsent_KeepsTheRecord_WithTheWithdrawalAsADatedFact()
    {
        var referral = Draft();
        var consent = referral.Consents[0];

        referral.WithdrawConsent(consent.Id, Today, StampOn(Today, "case-system"));

        Assert.Single(referral.Consents);
        Assert.False(consent.IsInForce);
        Assert.Equal((Today, "case-system"), (consent.WithdrawnOn!.Value, consent.WithdrawalRecordedBy!));
        Assert.NotNull(consent.WithdrawalRecordedAt);
        Assert.Equal(Today.AddDays(-1), consent.GivenOn);
    }

    [Fact]
    public void ConsentWithdrawnAfterAcceptance_BlocksAllocation_UntilGivenAgain()
    {
        var referral = InStatus(ReferralStatus.Accepted);
        referral.WithdrawConsent(referral.Consents[0].Id, Today, Now);

        var error = Assert.Throws<DomainException>(() => referral.Allocate("Practitioner One", Policy, Now)).Error;
        Assert.Equal("referral.consent-required", error.Code);
        Assert.Equal(["consent.parent-carers"], error.RuleCodes);

        referral.RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.TakePartInVig, Today, Now);
        referral.Allocate("Practitioner One", Policy, Now);

        Assert.Equal(ReferralStatus.Allocated, referral.Status);
        Assert.Equal(2, referral.Consents.Count);
    }

    [Fact]
    public void ChildsFilmingConsentWithdrawnAfterAcceptance_BlocksAllocation()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2012, 3, 3))));
        var filming = referral.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, Today, Now);
        referral.Submit(Policy, Now);
        referral.Accept(Policy, Now);
        referral.WithdrawConsent(filming.Id, Today, Now);

        var error = Assert.Throws<DomainException>(() => referral.Allocate("Practitioner One", Policy, Now)).Error;

        Assert.Equal(["consent.child-filming"], error.RuleCodes);
        Assert.True(filming.GivenByChild);
    }

    [Fact]
    public void RecordConsent_ForSomeoneNotOnTheReferral_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => Draft().RecordConsent(Guid.NewGuid(), Guid.NewGuid(), ConsentKind.TakePartInVig, Today, Now)).Error;

        Assert.Equal("consent.unknown-parent-carer", error.Code);
    }

    [Fact]
    public void RecordConsent_DatedInTheFuture_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => Draft().RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.TakePartInVig, Today.AddDays(1), Now)).Error;

        Assert.Equal("consent.date-in-future", error.Code);
    }

    [Fact]
    public void RecordConsent_BeforeTheChildWasBorn_IsRefused()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2020, 6, 15))), withConsent: false);

        var error = Assert.Throws<DomainException>(() => referral.RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.TakePartInVig, new DateOnly(2020, 6, 14), Now)).Error;

        Assert.Equal(("consent.before-birth", ErrorKind.Invalid), (error.Code, error.Kind));
        Assert.Equal(["givenOn"], error.Fields!.Keys);
        Assert.Empty(referral.Consents);
    }

    [Fact]
    public void RecordConsent_OnTheDayOfBirth_OrWithNoChildYet_IsRecorded()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2020, 6, 15))), withConsent: false);
        var noChild = Draft(new ReferralDetails(null, null, null, [new ParentCarer(MotherId, "Jo Example", Relationship.Mother, true)], [], null, Readiness.Unanswered, ParentCarerViews.Unanswered), withConsent: false);

        referral.RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.TakePartInVig, new DateOnly(2020, 6, 15), Now);
        noChild.RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.TakePartInVig, new DateOnly(1950, 1, 1), Now);

        Assert.Single(referral.Consents);
        Assert.Single(noChild.Consents);
    }

    [Fact]
    public void AReferral_KeepsAtMostTheMostConsents_WithdrawnOnesIncluded_ThenBlocksAndRefusesTheNext()
    {
        var referral = Draft();
        referral.WithdrawConsent(referral.Consents[0].Id, Today, Now);
        while (referral.Consents.Count < Referral.MaxConsents)
        {
            referral.RecordConsent(Guid.NewGuid(), MotherId, ConsentKind.BeFilmed, Today, Now);
        }

        var version = referral.Version;
        var error = Assert.Throws<DomainException>(() => referral.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, Today, Now)).Error;

        Assert.Equal(("consent.limit-reached", ErrorKind.Invalid), (error.Code, error.Kind));
        Assert.Contains($"{Referral.MaxConsents} consents", error.Message, StringComparison.Ordinal);
        Assert.Equal(Referral.MaxConsents, referral.Consents.Count);
        Assert.Equal(version, referral.Version);
        var options = referral.Options(Policy, Today);
        Assert.DoesNotContain(ReferralAction.RecordConsent, options.Available);
        Assert.Equal("consent.limit-reached", Assert.Single(options.Blocked, b => b.Action == ReferralAction.RecordConsent).Error.Code);

        // Withdrawing one still works: the cap is on recording.
        referral.WithdrawConsent(referral.Consents[^1].Id, Today, Now);
    }

    [Fact]
    public void TheConsentCap_LeavesRoomForBothKinds_FromEveryParentCarerAndTheChild_Twice() =>
        Assert.Equal((ReferralDetails.MaxParentCarers + 1) * 2 * 2, Referral.MaxConsents);

    [Fact]
    public void WithdrawConsent_Twice_IsAConflict()
    {
        var referral = Draft();
        referral.WithdrawConsent(referral.Consents[0].Id, Today, Now);

        var error = Assert.Throws<DomainException>(() => referral.WithdrawConsent(referral.Consents[0].Id, Today, Now)).Error;

        Assert.Equal(("consent.already-withdrawn", ErrorKind.Conflict), (error.Code, error.Kind));
    }

    [Fact]
    public void WithdrawConsent_ThatDoesNotExist_IsNotFound()
    {
        var error = Assert.Throws<DomainException>(() => Draft().WithdrawConsent(Guid.NewGuid(), Today, Now)).Error;

        Assert.Equal(("consent.not-found", ErrorKind.NotFound), (error.Code, error.Kind));
    }

    [Theory]
    [InlineData(1, "consent.date-in-future")]
    [InlineData(-2, "consent.withdrawn-before-given")]
    public void WithdrawConsent_OnAnImpossibleDate_IsRefused(int daysFromToday, string code)
    {
        var referral = Draft();

        var error = Assert.Throws<DomainException>(() => referral.WithdrawConsent(referral.Consents[0].Id, Today.AddDays(daysFromToday), Now)).Error;

        Assert.Equal(code, error.Code);
        Assert.True(referral.Consents[0].IsInForce);
    }
}
