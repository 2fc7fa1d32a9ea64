using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>A new referral's content with the consents already given: created as a draft, or checked as facts without creating anything.</summary>
public sealed class NewReferralTests
{
    private static readonly Stamp Stamp = new("case-system-a", new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero), TestCalendar.Today);

    private static readonly NewReferral TwoParentsThreeConsents = Bodies.Complete() with
    {
        Details = Bodies.Complete().Details with { ParentCarers = [Bodies.Parent(1), Bodies.Parent(2)] },
        Consents =
        [
            new GivenConsent(1, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10)),
            new GivenConsent(null, ConsentKind.BeFilmed, new DateOnly(2026, 11, 11)),
            new GivenConsent(0, ConsentKind.BeFilmed, new DateOnly(2026, 11, 12)),
        ],
    };

    [Fact]
    public void ANewReferral_RecordsEachConsentGiven_AgainstTheParentOrCarerItNamesByPosition_OrTheChild()
    {
        var referral = TwoParentsThreeConsents.ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp);

        var parents = referral.ParentCarers;
        Assert.Equal(TwoParentsThreeConsents.Details.ParentCarers, parents);
        Assert.Equal(
            [
                (parents[1].Id, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10)),
                (null, ConsentKind.BeFilmed, new DateOnly(2026, 11, 11)),
                (parents[0].Id, ConsentKind.BeFilmed, new DateOnly(2026, 11, 12)),
            ],
            referral.Consents.Select(c => (c.ParentCarerId, c.Kind, c.GivenOn)));
        Assert.All(referral.Consents, c => Assert.Equal("case-system-a", c.RecordedBy));
        Assert.Equal(ReferralStatus.Draft, referral.Status);
    }

    [Fact]
    public void TheFactsOfANewReferral_AreWhatItsCreationWouldRecord()
    {
        var facts = TwoParentsThreeConsents.ToFacts(Stamp);

        var parents = facts.Details.ParentCarers;
        Assert.Equal(TestCalendar.Today, facts.ReferralDate);
        Assert.Equal(["Parent 1", "Parent 2"], parents.Select(p => p.Name));
        Assert.Equal(
            [(parents[1].Id, ConsentKind.TakePartInVig), (null, ConsentKind.BeFilmed), (parents[0].Id, ConsentKind.BeFilmed)],
            facts.Consents.Select(c => (c.ParentCarerId, c.Kind)));
        Assert.All(facts.Consents, c => Assert.True(c.IsInForce));
    }

    [Fact]
    public void ANewReferralWithoutConsents_HasNone_CreatedOrChecked()
    {
        var empty = Bodies.Complete() with { Consents = [] };

        Assert.Empty(empty.ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp).Consents);
        Assert.Empty(empty.ToFacts(Stamp).Consents);
    }

    [Fact]
    public void ANewReferral_CarryingTheMostConsentsABodyMay_IsCreated_ForTheReferralKeepsAsMany()
    {
        var full = Bodies.Complete() with { Consents = [.. Enumerable.Repeat(new GivenConsent(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10)), NewReferral.MaxConsents)] };

        var referral = full.ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp);

        Assert.Equal(NewReferral.MaxConsents, referral.Consents.Count);
        Assert.Equal(Referral.MaxConsents, NewReferral.MaxConsents);
    }
}
