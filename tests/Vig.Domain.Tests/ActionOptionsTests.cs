using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

/// <summary>
/// The actions a referral offers are honest: each one offered succeeds when taken (with
/// well-formed input), and each one blocked fails, with the error the blocked entry announced.
/// </summary>
public sealed class ActionOptionsTests
{
    /// <summary>Builders of referrals in telling states; each call builds a fresh copy.</summary>
    public static readonly Dictionary<string, Func<Referral>> States = new()
    {
        ["draft, complete, with consent"] = () => Draft(),
        ["draft, complete, no consent"] = () => Draft(withConsent: false),
        ["draft, empty"] = () => Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 2), new ReferralDetails(null, null, null, [], [], null, Readiness.Unanswered, ParentCarerViews.Unanswered), Now),
        ["draft, consent withdrawn"] = () => WithConsentWithdrawn(Draft()),
        ["submitted, eligible"] = () => InStatus(ReferralStatus.Submitted),
        ["submitted, needs consent"] = () => Submitted(Draft(withConsent: false)),
        ["submitted, consent withdrawn after submission"] = () => WithConsentWithdrawn(InStatus(ReferralStatus.Submitted)),
        ["submitted, ineligible"] = () => Submitted(Draft(Details(child: Child(new DateOnly(2020, 6, 1)), referrer: Referrer(ReferrerRole.HealthVisitor)))),
        ["information requested"] = () => InStatus(ReferralStatus.InformationRequested),
        ["accepted"] = () => InStatus(ReferralStatus.Accepted),
        ["accepted, consent withdrawn"] = () => WithConsentWithdrawn(InStatus(ReferralStatus.Accepted)),
        ["allocated"] = () => InStatus(ReferralStatus.Allocated),
        ["declined"] = () => InStatus(ReferralStatus.Declined),
        ["closed"] = () => InStatus(ReferralStatus.Closed),
        ["withdrawn"] = () => InStatus(ReferralStatus.Withdrawn),
        ["draft, consents at the cap"] = () => WithConsents(Draft(), Referral.MaxConsents),
        ["submitted, questionnaires at the cap"] = () => WithQuestionnaires(InStatus(ReferralStatus.Submitted), Referral.MaxQuestionnaires),
    };

    public static TheoryData<string> StateNames => [.. States.Keys];

    [Theory]
    [MemberData(nameof(StateNames))]
    public void EveryOfferedAction_Succeeds_WhenTakenOnACopy(string state)
    {
        foreach (var action in States[state]().Options(Policy, Today).Available)
        {
            var copy = States[state]();
            var version = copy.Version;

            var error = Record.Exception(() => Take(copy, action));

            Assert.True(error is null, $"{state}: '{action}' was offered but failed: {error?.Message}");
            Assert.Equal(version + 1, copy.Version);
        }
    }

    [Theory]
    [MemberData(nameof(StateNames))]
    public void EveryBlockedAction_Fails_WithTheAnnouncedError_AndChangesNothing(string state)
    {
        foreach (var blocked in States[state]().Options(Policy, Today).Blocked)
        {
            var copy = States[state]();
            var version = copy.Version;

            var error = Assert.Throws<DomainException>(() => Take(copy, blocked.Action)).Error;

            // Withdrawing a consent that is not in force is refused as not found or already withdrawn;
            // the blocked entry says the general reason, that none is in force.
            if (blocked.Action != ReferralAction.WithdrawConsent)
            {
                Assert.Equal((blocked.Error.Code, blocked.Error.Kind, blocked.Error.Message), (error.Code, error.Kind, error.Message));
                Assert.Equal(blocked.Error.RuleCodes, error.RuleCodes);
            }

            Assert.Equal(version, copy.Version);
        }
    }

    [Theory]
    [MemberData(nameof(StateNames))]
    public void OfferedAndBlocked_TogetherAreExactlyWhatTheStatusAllows(string state)
    {
        var referral = States[state]();

        var options = referral.Options(Policy, Today);

        Assert.Equal(
            referral.AllowedActions(),
            referral.AllowedActions().Where(a => options.Available.Contains(a) || options.Blocked.Any(b => b.Action == a)));
        Assert.Equal(referral.AllowedActions().Count, options.Available.Count + options.Blocked.Count);
    }

    [Fact]
    public void Accept_WhileInformationIsMissing_IsBlocked_WithTheUnmetRuleCodes()
    {
        var options = States["submitted, needs consent"]().Options(Policy, Today);

        Assert.DoesNotContain(ReferralAction.Accept, options.Available);
        var blocked = Assert.Single(options.Blocked, b => b.Action == ReferralAction.Accept);
        Assert.Equal("referral.acceptance-criteria-not-met", blocked.Error.Code);
        Assert.Equal(["consent.parent-carers"], blocked.Error.RuleCodes);
    }

    [Fact]
    public void WithdrawConsent_WithoutAConsentInForce_IsNotOffered()
    {
        var options = Draft(withConsent: false).Options(Policy, Today);

        Assert.DoesNotContain(ReferralAction.WithdrawConsent, options.Available);
        Assert.Equal("consent.none-in-force", Assert.Single(options.Blocked, b => b.Action == ReferralAction.WithdrawConsent).Error.Code);
    }

    [Fact]
    public void Allocate_WhileANeededConsentIsWithdrawn_IsBlocked_WithTheConsentRule()
    {
        var options = States["accepted, consent withdrawn"]().Options(Policy, Today);

        var blocked = Assert.Single(options.Blocked, b => b.Action == ReferralAction.Allocate);
        Assert.Equal("referral.consent-required", blocked.Error.Code);
        Assert.Equal(["consent.parent-carers"], blocked.Error.RuleCodes);
    }

    private static Referral Submitted(Referral referral)
    {
        referral.Submit(Policy, Now);
        return referral;
    }

    private static Referral WithConsents(Referral referral, int count)
    {
        while (referral.Consents.Count < count)
        {
            referral.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, Today, Now);
        }

        return referral;
    }

    private static Referral WithQuestionnaires(Referral referral, int count)
    {
        while (referral.Questionnaires.Count < count)
        {
            Take(referral, ReferralAction.RecordQuestionnaire);
        }

        return referral;
    }

    private static Referral WithConsentWithdrawn(Referral referral)
    {
        referral.WithdrawConsent(referral.Consents[0].Id, Today, Now);
        return referral;
    }

    /// <summary>Takes the action with well-formed input, as a client following the offer would.</summary>
    private static void Take(Referral referral, ReferralAction action)
    {
        switch (action)
        {
            case ReferralAction.Edit: referral.Edit(referral.Details, Now); break;
            case ReferralAction.Submit: referral.Submit(Policy, Now); break;
            case ReferralAction.RequestInformation: referral.RequestInformation(["views.impact-on-child"], "Please say more.", Policy, Now); break;
            case ReferralAction.Accept: referral.Accept(Policy, Now); break;
            case ReferralAction.Decline: referral.Decline(DeclineReason.NotEligible, "Not for VIG.", Now); break;
            case ReferralAction.Allocate: referral.Allocate("Practitioner One", Policy, Now); break;
            case ReferralAction.Close: referral.Close(ClosureOutcome.Completed, null, Now); break;
            case ReferralAction.Withdraw: referral.Withdraw("Family moved away.", Now); break;
            case ReferralAction.RecordConsent: referral.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, Today, Now); break;
            case ReferralAction.WithdrawConsent:
                var consent = referral.Consents.FirstOrDefault(c => c.IsInForce) ?? (referral.Consents.Count > 0 ? referral.Consents[0] : null);
                referral.WithdrawConsent(consent?.Id ?? Guid.NewGuid(), Today, Now);
                break;
            case ReferralAction.RecordQuestionnaire:
                referral.RecordQuestionnaire(QuestionnaireTests.Prfq, referral.Status == ReferralStatus.Closed ? Vig.Domain.Questionnaires.QuestionnaireTimepoint.After : Vig.Domain.Questionnaires.QuestionnaireTimepoint.Before, (referral.ParentCarers.Count > 0 ? referral.ParentCarers[0].Id : Guid.NewGuid()), Today, [.. Enumerable.Range(1, 18).Select(i => new Vig.Domain.Questionnaires.ItemAnswer(i, 4))], Now);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }
}

/// <summary>Collections of a referral keep one order, whatever order they were given in.</summary>
public sealed class CollectionOrderTests
{
    [Fact]
    public void Concerns_AreInCatalogueOrder_HoweverTheyWereSent()
    {
        var referral = Draft(Details() with { Concerns = [ConcernCategory.Autism, ConcernCategory.PerinatalMentalHealth, ConcernCategory.ChildPointOfView, ConcernCategory.Autism] });

        Assert.Equal(["perinatal-mental-health", "child-point-of-view", "autism"], referral.Concerns.Select(c => c.Code));
        Assert.Equal(referral.Concerns, referral.Details.Concerns);
    }

    [Fact]
    public void RequestedInformation_IsInThePolicysRuleOrder_HoweverItWasAskedFor()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        referral.RequestInformation(["views.impact-on-child", "concern.account", "views.impact-on-child", "readiness.assessment"], "Please say more.", Policy, Now);

        Assert.Equal(["concern.account", "readiness.assessment", "views.impact-on-child"], referral.RequestedInformation);
    }

    [Fact]
    public void ParentCarers_AndConsents_KeepTheOrderTheyWereGivenIn()
    {
        var father = new ParentCarer(FatherId, "Sam Example", Relationship.Father, true);
        var mother = new ParentCarer(MotherId, "Jo Example", Relationship.Mother, true);
        var referral = Draft(Details(parentCarers: [father, mother]));

        Assert.Equal([FatherId, MotherId], referral.ParentCarers.Select(p => p.Id));
        Assert.Equal([FatherId, MotherId], referral.Consents.Select(c => c.ParentCarerId!.Value));
    }
}
