using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class AcceptanceEvaluationTests
{
    [Fact]
    public void Evaluation_ReturnsEveryRulesOutcome_InCatalogueOrder_NotOnlyTheFirstFailure()
    {
        var details = Details(referrer: Referrer(ReferrerRole.HealthVisitor), child: Child(new DateOnly(2014, 1, 1))) with { ConcernAccount = null };

        var evaluation = Evaluate(details);

        Assert.Equal(AcceptancePolicy.Current.Rules.Select(r => r.Code), evaluation.Results.Select(r => r.Code));
        Assert.Equal(["referrer.health-visitor-child-age", "concern.account", "consent.child-filming"], evaluation.Unmet.Select(r => r.Code));
    }

    [Fact]
    public void Ineligible_WinsOverNeedsInformation()
    {
        var details = Details(referrer: Referrer() with { CurrentlyInvolved = false }) with { ConcernAccount = null };

        Assert.Equal(Verdict.Ineligible, Evaluate(details).Verdict);
    }

    [Fact]
    public void SameReferralOnTheSameDate_GivesTheSameEvaluation()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2014, 11, 24))));

        var first = referral.Evaluate(Policy, Today);
        var second = referral.Evaluate(Policy, Today);

        Assert.Equal(first.Results, second.Results);
        Assert.Equal((first.PolicyVersion, first.Verdict, first.ReferralDate, first.EvaluatedOn), (second.PolicyVersion, second.Verdict, second.ReferralDate, second.EvaluatedOn));
    }

    [Fact]
    public void Evaluation_NamesThePolicyVersion_AndTheDates()
    {
        var evaluation = Evaluate(Details());

        Assert.Equal("2026-11", evaluation.PolicyVersion);
        Assert.Equal(Today, evaluation.ReferralDate);
        Assert.Equal(Today, evaluation.EvaluatedOn);
    }

    [Fact]
    public void AfterSubmission_AgesAreCountedOnTheReferralDate_NotTheDecisionDate()
    {
        // Four on the day of referral, five by the decision: a Health Visitor's referral stays eligible.
        var details = Details(child: Child(new DateOnly(2021, 11, 25)), referrer: Referrer(ReferrerRole.HealthVisitor));
        var referral = Draft(details);
        referral.Submit(Policy, Now);

        var atDecision = referral.Evaluate(Policy, Today.AddDays(30));

        Assert.Equal(Verdict.Eligible, atDecision.Verdict);
        Assert.Equal(Today, atDecision.ReferralDate);
        Assert.Equal(Today.AddDays(30), atDecision.EvaluatedOn);
    }

    [Theory]
    [InlineData(new RuleOutcome[0], Verdict.Eligible)]
    [InlineData(new[] { RuleOutcome.Met, RuleOutcome.Missing }, Verdict.NeedsInformation)]
    [InlineData(new[] { RuleOutcome.Missing, RuleOutcome.NotMet }, Verdict.Ineligible)]
    public void VerdictOf_TakesTheWorstOutcome(RuleOutcome[] outcomes, Verdict expected)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var results = outcomes.Select((o, i) => new RuleResult($"r.{i}", RuleKind.Information, o, "A criterion.", null));

        Assert.Equal(expected, AcceptanceEvaluation.VerdictOf(results));
    }
}
