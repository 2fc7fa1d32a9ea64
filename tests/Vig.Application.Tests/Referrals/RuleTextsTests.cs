using Vig.Application.Referrals;
using Vig.Domain.Acceptance;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// A rule of a stored evaluation as clients read it (RuleTexts). Evaluations stored before rule results carried
/// their texts lack them and take the texts of the rule with the same code in the policy; the
/// others keep the words they were stored with, even if the policy's wording has changed since.
/// </summary>
public sealed class RuleTextsTests
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
        var view = RuleTexts.Explain(new RuleResult(Rule.Code, Rule.Kind, outcome, storedCriterion!, null), Policy);

        Assert.Equal(Rule.Criterion(Policy), view.Criterion);
        Assert.Equal(Rule.WhatToDo(Policy), view.WhatToDo);
        Assert.False(string.IsNullOrWhiteSpace(view.Criterion));
        Assert.False(string.IsNullOrWhiteSpace(view.WhatToDo));
    }

    [Fact]
    public void AStoredResultWithItsTexts_KeepsTheWordsItWasStoredWith()
    {
        var view = RuleTexts.Explain(new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.NotMet, "The criterion as worded then.", "What to do, as worded then."), Policy);

        Assert.Equal(new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.NotMet, "The criterion as worded then.", "What to do, as worded then."), view);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Stored advice.")]
    public void AMetRule_HasNothingToDo(string? storedWhatToDo)
    {
        var view = RuleTexts.Explain(new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.Met, string.Empty, storedWhatToDo), Policy);

        Assert.Null(view.WhatToDo);
        Assert.Equal(Rule.Criterion(Policy), view.Criterion);
    }

    [Fact]
    public void AStoredResultOfARuleNoLongerInThePolicy_KeepsItsCode_WithoutTexts()
    {
        var view = RuleTexts.Explain(new RuleResult("retired.rule", RuleKind.Information, RuleOutcome.Missing, null!, null), Policy);

        Assert.Equal(new RuleResult("retired.rule", RuleKind.Information, RuleOutcome.Missing, string.Empty, null), view);
    }

    [Fact]
    public void AnEvaluationWhoseResultsHaveTheirTexts_IsKeptAsItIs_AndOneWithoutThemIsExplained()
    {
        var explained = new AcceptanceEvaluation(Policy.Version, new DateOnly(2027, 1, 14), new DateOnly(2027, 1, 14), Verdict.NeedsInformation,
            [new RuleResult(Rule.Code, Rule.Kind, RuleOutcome.Missing, "As worded then.", "Do this."), new RuleResult("child.age", RuleKind.Eligibility, RuleOutcome.Met, "Met as worded then.", null)]);
        var stored = explained with { Results = [explained.Results[0] with { WhatToDo = null }, explained.Results[1]] };
        var metWithAdvice = explained with { Results = [explained.Results[0], explained.Results[1] with { WhatToDo = "Stale advice." }] };

        Assert.Same(explained, RuleTexts.Explain(explained, Policy));
        Assert.Equal([Rule.WhatToDo(Policy), null], RuleTexts.Explain(stored, Policy).Results.Select(r => r.WhatToDo));
        Assert.Equal(["Do this.", null], RuleTexts.Explain(metWithAdvice, Policy).Results.Select(r => r.WhatToDo));
        Assert.Equal(Rule.Criterion(Policy), RuleTexts.Explain(stored with { Results = [stored.Results[0] with { Criterion = "" }, stored.Results[1]] }, Policy).Results[0].Criterion);
    }
}
