using Vig.Application.Referrals;
using Vig.Domain.Acceptance;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// A rule of a stored evaluation as clients read it. Evaluations stored before rule results carried
/// their texts lack them and take the texts of the rule with the same code in the policy; the
/// others keep the words they were stored with, even if the policy's wording has changed since.
/// </summary>
public sealed class RuleResultViewTests
{
    private static readonly AcceptancePolicy Policy = AcceptancePolicy.Current;

    private static readonly AcceptanceRule Rule = Policy.Rules.Single(r => r.Code == "route.reference");

    [Theory]
    [InlineData(RuleOutcome.NotMet, null)]
    [InlineData(RuleOutcome.NotMet, "")]
    [InlineData(RuleOutcome.Missing, null)]
    [InlineData(RuleOutcome.Missing, "")]
    public void AStoredResultWithoutItsTexts_TakesThoseOfThePolicysRule(RuleOutcome outcome, string? storedCriterion)
    {
        var view = RuleResultView.From(new RuleResult(Rule.Code, Rule.Kind, outcome, storedCriterion!, null), Policy);

        Assert.Equal(Rule.Criterion(Policy), view.Criterion);
        Assert.Equal(Rule.WhatToDo(Policy), view.WhatToDo);
        Assert.False(string.IsNullOrWhiteSpace(view.Criterion));
        Assert.False(string.IsNullOrWhiteSpace(view.WhatToDo));
    }

    [Fact]
    public void AStoredResultWithItsTexts_KeepsTheWordsItWasStoredWith()
    {
        var view = RuleResultView.From(new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.NotMet, "The criterion as worded then.", "What to do, as worded then."), Policy);

        Assert.Equal(new RuleResultView(Rule.Code, Rule.Kind, RuleOutcome.NotMet, "The criterion as worded then.", "What to do, as worded then."), view);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Stored advice.")]
    public void AMetRule_HasNothingToDo(string? storedWhatToDo)
    {
        var view = RuleResultView.From(new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.Met, string.Empty, storedWhatToDo), Policy);

        Assert.Null(view.WhatToDo);
        Assert.Equal(Rule.Criterion(Policy), view.Criterion);
    }

    [Fact]
    public void AStoredResultOfARuleNoLongerInThePolicy_KeepsItsCode_WithoutTexts()
    {
        var view = RuleResultView.From(new RuleResult("retired.rule", RuleKind.Information, RuleOutcome.Missing, null!, null), Policy);

        Assert.Equal(new RuleResultView("retired.rule", RuleKind.Information, RuleOutcome.Missing, string.Empty, null), view);
    }
}
