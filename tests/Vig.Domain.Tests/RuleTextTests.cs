using Vig.Domain.Acceptance;
using Vig.Domain.Acceptance.Rules;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

/// <summary>A client can show the whole checklist: every rule says what it requires and what to do when unmet.</summary>
public sealed class RuleTextTests
{
    public static TheoryData<string> RuleCodes => [.. AcceptanceRules.All.Select(r => r.Code)];

    public static readonly ReferralDetails Empty = new(null, null, null, [], [], null, Readiness.Unanswered, ParentCarerViews.Unanswered);

    [Theory]
    [MemberData(nameof(RuleCodes))]
    public void EveryRule_HasItsCriterion_AndWhatToDo(string code)
    {
        var rule = AcceptanceRules.FromCode(code)!;

        Assert.False(string.IsNullOrWhiteSpace(rule.Criterion(Policy)), $"{code} has no criterion");
        Assert.False(string.IsNullOrWhiteSpace(rule.WhatToDo(Policy)), $"{code} says nothing of what to do");
        Assert.NotEqual(rule.Criterion(Policy), rule.WhatToDo(Policy));
    }

    public static TheoryData<string> Situations => ["eligible", "empty", "ineligible", "no consent"];

    [Theory]
    [MemberData(nameof(Situations))]
    public void EveryResult_CarriesTheRulesCriterion_AndWhatToDoExactlyWhenUnmet(string situation)
    {
        var evaluation = situation switch
        {
            "eligible" => Evaluate(Details()),
            "empty" => Evaluate(Empty, withConsent: false),
            "ineligible" => Evaluate(Details(child: Child(new DateOnly(2020, 6, 1)), referrer: Referrer(ReferrerRole.HealthVisitor) with { FromTogetherForFamilies = false })),
            _ => Evaluate(Details(), withConsent: false),
        };

        Assert.Equal(Policy.Rules.Count, evaluation.Results.Count);
        Assert.All(evaluation.Results, result =>
        {
            Assert.Equal(AcceptanceRules.FromCode(result.Code)!.Criterion(Policy), result.Criterion);
            if (result.Outcome == RuleOutcome.Met)
            {
                Assert.Null(result.WhatToDo);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.WhatToDo), $"{result.Code} is {result.Outcome} but says nothing of what to do");
            }
        });
    }

    [Fact]
    public void AnUnmetRule_WithoutAMorePreciseAdvice_GivesTheCataloguesWhatToDo()
    {
        var result = Evaluate(Details() with { ConcernAccount = null }).Rule("concern.account");

        Assert.Equal(AcceptanceRules.FromCode("concern.account")!.WhatToDo(Policy), result.WhatToDo);
    }
}
