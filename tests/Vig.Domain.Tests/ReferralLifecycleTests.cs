using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class ReferralLifecycleTests
{
    private static readonly Dictionary<ReferralAction, Action<Referral>> Perform = new()
    {
        [ReferralAction.Edit] = r => r.Edit(Details(), Now),
        [ReferralAction.Submit] = r => r.Submit(Policy, Now),
        [ReferralAction.RequestInformation] = r => r.RequestInformation(["views.impact-on-child"], null, Policy, Now),
        [ReferralAction.Accept] = r => r.Accept(Policy, Now),
        [ReferralAction.Decline] = r => r.Decline(DeclineReason.NotEligible, "Not for VIG.", Now),
        [ReferralAction.Allocate] = r => r.Allocate("Practitioner One", Policy, Now),
        [ReferralAction.Close] = r => r.Close(ClosureOutcome.Completed, null, Now),
        [ReferralAction.Withdraw] = r => r.Withdraw("Family moved away.", Now),
        [ReferralAction.RecordConsent] = r => r.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, Today, Now),
        [ReferralAction.WithdrawConsent] = r => r.WithdrawConsent(r.Consents[0].Id, Today, Now),
        [ReferralAction.RecordQuestionnaire] = r => r.RecordQuestionnaire(QuestionnaireTests.Prfq, r.Status == ReferralStatus.Closed ? Vig.Domain.Questionnaires.QuestionnaireTimepoint.After : Vig.Domain.Questionnaires.QuestionnaireTimepoint.Before, r.ParentCarers[0].Id, Today, [.. Enumerable.Range(1, 18).Select(i => new Vig.Domain.Questionnaires.ItemAnswer(i, 4))], Now),
    };

    private static readonly Dictionary<ReferralAction, ReferralStatus?> Leads = new()
    {
        [ReferralAction.Submit] = ReferralStatus.Submitted,
        [ReferralAction.RequestInformation] = ReferralStatus.InformationRequested,
        [ReferralAction.Accept] = ReferralStatus.Accepted,
        [ReferralAction.Decline] = ReferralStatus.Declined,
        [ReferralAction.Allocate] = ReferralStatus.Allocated,
        [ReferralAction.Close] = ReferralStatus.Closed,
        [ReferralAction.Withdraw] = ReferralStatus.Withdrawn,
    };

    private static readonly Dictionary<ReferralStatus, ReferralAction[]> Legal = new()
    {
        [ReferralStatus.Draft] = [ReferralAction.Edit, ReferralAction.Submit, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Submitted] = [ReferralAction.RequestInformation, ReferralAction.Accept, ReferralAction.Decline, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.InformationRequested] = [ReferralAction.Edit, ReferralAction.Submit, ReferralAction.Decline, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Accepted] = [ReferralAction.Allocate, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Allocated] = [ReferralAction.Close, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Declined] = [],
        // A closed referral still takes a form after VIG (ADR 0033).
        [ReferralStatus.Closed] = [ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Withdrawn] = [],
    };

    public static TheoryData<ReferralStatus, ReferralAction> EveryStatusAndAction()
    {
        var data = new TheoryData<ReferralStatus, ReferralAction>();
        foreach (var status in Enum.GetValues<ReferralStatus>())
        {
            foreach (var action in Enum.GetValues<ReferralAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void Action_IsPerformedWhereLegal_AndRefusedWithACodedConflictElsewhere(ReferralStatus status, ReferralAction action)
    {
        var referral = InStatus(status);
        var historyBefore = referral.History.Count;
        var versionBefore = referral.Version;

        if (Legal[status].Contains(action))
        {
            Perform[action](referral);

            Assert.Equal(Leads.GetValueOrDefault(action) ?? status, referral.Status);
            Assert.Equal(versionBefore + 1, referral.Version);
            Assert.Equal(Leads.ContainsKey(action) ? historyBefore + 1 : historyBefore, referral.History.Count);
        }
        else
        {
            var error = Assert.Throws<DomainException>(() => Perform[action](referral)).Error;

            Assert.Equal("referral.action-not-allowed", error.Code);
            Assert.Equal(ErrorKind.Conflict, error.Kind);
            Assert.Equal(status, referral.Status);
            Assert.Equal(versionBefore, referral.Version);
            Assert.Equal(historyBefore, referral.History.Count);
        }
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void AllowedActions_ListExactlyTheLegalOnes(ReferralStatus status, ReferralAction action)
    {
        Assert.Equal(Legal[status].Contains(action), InStatus(status).AllowedActions().Contains(action));
    }

    [Fact]
    public void Create_StartsADraft_WithOneHistoryEntry()
    {
        var referral = Draft(withConsent: false);

        Assert.Equal(ReferralStatus.Draft, referral.Status);
        Assert.Equal(1, referral.Version);
        var created = Assert.Single(referral.History);
        Assert.Equal((null, ReferralStatus.Draft, "vig-team"), (created.From, created.To, created.By));
        Assert.Equal("VIG-2026-000001", referral.Reference.Value);
        Assert.Null(referral.LatestEvaluation);
    }

    [Fact]
    public void Submit_StoresTheEvaluation_AndFixesTheReferralDate()
    {
        var referral = Draft(Details() with { ConcernAccount = null });

        var evaluation = referral.Submit(Policy, StampOn(Today.AddDays(-3)));

        Assert.Equal(Verdict.NeedsInformation, evaluation.Verdict);
        Assert.Same(evaluation, referral.LatestEvaluation);
        Assert.Equal(Today.AddDays(-3), referral.ReferralDate);
    }

    [Fact]
    public void FullJourney_RecordsEveryTransitionInHistory()
    {
        var referral = Draft(Details() with { ConcernAccount = null });
        referral.Submit(Policy, StampOn(Today, "case-system"));
        referral.RequestInformation([], "Please describe the concern.", Policy, Now);
        Assert.Equal(["concern.account"], referral.RequestedInformation);

        referral.Edit(Details(), StampOn(Today.AddDays(1), "case-system"));
        var second = referral.Submit(Policy, StampOn(Today.AddDays(1), "case-system"));
        referral.Accept(Policy, StampOn(Today.AddDays(2)));
        referral.Allocate("  Practitioner One ", Policy, StampOn(Today.AddDays(3)));
        referral.Close(ClosureOutcome.Completed, "Goals met.", StampOn(Today.AddDays(90)));

        Assert.Equal(Verdict.Eligible, second.Verdict);
        Assert.Empty(referral.RequestedInformation);
        Assert.Equal(Today, referral.ReferralDate);
        Assert.Equal("Practitioner One", referral.AllocatedTo);
        Assert.Equal(ClosureOutcome.Completed, referral.Outcome);
        Assert.Equal(3, referral.Evaluations.Count);
        Assert.Equal(
            [ReferralStatus.Draft, ReferralStatus.Submitted, ReferralStatus.InformationRequested, ReferralStatus.Submitted, ReferralStatus.Accepted, ReferralStatus.Allocated, ReferralStatus.Closed],
            referral.History.Select(h => h.To));
        Assert.Equal(referral.History.Select(h => h.To).SkipLast(1), referral.History.Skip(1).Select(h => h.From!.Value));
        Assert.Equal(("completed", "Goals met."), (referral.History[^1].ReasonCode, referral.History[^1].Comment));
    }

    [Fact]
    public void Accept_WhenRulesAreNotMetOnTheDecisionDate_IsRefusedWithTheUnmetRuleCodes()
    {
        var referral = Draft(Details() with { ConcernAccount = null });
        referral.Submit(Policy, Now);

        var error = Assert.Throws<DomainException>(() => referral.Accept(Policy, Now)).Error;

        Assert.Equal("referral.acceptance-criteria-not-met", error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal(["concern.account"], error.RuleCodes);
        Assert.Equal(ReferralStatus.Submitted, referral.Status);
    }

    [Fact]
    public void Accept_WhenConsentWasWithdrawnAfterSubmission_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Submitted);
        referral.WithdrawConsent(referral.Consents[0].Id, Today, Now);

        var error = Assert.Throws<DomainException>(() => referral.Accept(Policy, Now)).Error;

        Assert.Equal(["consent.parent-carers"], error.RuleCodes);
    }

    [Fact]
    public void Decline_NeedsAComment_AndRecordsTheReasonCode()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        Assert.Equal("referral.comment-required", Assert.Throws<DomainException>(() => referral.Decline(DeclineReason.Duplicate, " ", Now)).Error.Code);
        referral.Decline(DeclineReason.AnotherServiceBetterPlaced, "CAMHS is involved.", Now);

        Assert.Equal("another-service-better-placed", referral.DeclineReasonCode);
        Assert.Equal(("another-service-better-placed", "CAMHS is involved."), (referral.History[^1].ReasonCode, referral.History[^1].Comment));
    }

    [Fact]
    public void RequestInformation_WithAnUnknownRuleCode_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        var error = Assert.Throws<DomainException>(() => referral.RequestInformation(["no.such-rule"], null, Policy, Now)).Error;

        Assert.Equal("referral.unknown-rule", error.Code);
    }

    [Fact]
    public void RequestInformation_NamingNoRule_WhenEverythingIsMet_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        Assert.Equal("referral.information-request-empty", Assert.Throws<DomainException>(() => referral.RequestInformation([], null, Policy, Now)).Error.Code);
    }

    [Fact]
    public void Allocate_NeedsAPractitioner()
    {
        var referral = InStatus(ReferralStatus.Accepted);

        Assert.Equal("referral.practitioner-required", Assert.Throws<DomainException>(() => referral.Allocate(" ", Policy, Now)).Error.Code);
    }

    [Fact]
    public void Close_WithOutcomeOther_NeedsAComment()
    {
        var referral = InStatus(ReferralStatus.Allocated);

        Assert.Equal("referral.comment-required", Assert.Throws<DomainException>(() => referral.Close(ClosureOutcome.Other, null, Now)).Error.Code);
    }

    [Fact]
    public void Withdraw_NeedsAReason()
    {
        Assert.Equal("referral.comment-required", Assert.Throws<DomainException>(() => Draft().Withdraw("", Now)).Error.Code);
    }

    [Fact]
    public void Edit_WithTheSameParentCarerTwice_IsRefused()
    {
        var twice = new[] { new ParentCarer(MotherId, "A", Relationship.Mother, true), new ParentCarer(MotherId, "B", Relationship.Other, true) };

        var error = Assert.Throws<DomainException>(() => Draft().Edit(Details(parentCarers: twice), Now)).Error;

        Assert.Equal("referral.duplicate-parent-carer", error.Code);
    }

    [Fact]
    public void Edit_NamingAConcernTwice_KeepsItOnce()
    {
        var referral = Draft();

        referral.Edit(Details() with { Concerns = [ConcernCategory.Autism, ConcernCategory.Autism] }, Now);

        Assert.Equal([ConcernCategory.Autism], referral.Concerns);
    }
}
