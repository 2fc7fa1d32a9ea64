using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class AcceptanceRuleTests
{
    private static readonly DateOnly FifthBirthday = new(2026, 11, 24);

    [Fact]
    public void DefaultTestReferral_IsEligible()
    {
        var evaluation = Evaluate(Details());

        Assert.Equal(Verdict.Eligible, evaluation.Verdict);
        Assert.Empty(evaluation.Unmet);
    }

    [Theory]
    [InlineData(-1, RuleOutcome.Met)]
    [InlineData(0, RuleOutcome.NotMet)]
    [InlineData(1, RuleOutcome.NotMet)]
    public void HealthVisitor_AroundTheChildsFifthBirthday(int daysFromBirthday, RuleOutcome expected)
    {
        var details = Details(child: Child(new DateOnly(2021, 11, 24)), referrer: Referrer(ReferrerRole.HealthVisitor));

        var result = Evaluate(details, FifthBirthday.AddDays(daysFromBirthday)).Rule("referrer.health-visitor-child-age");

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void HealthVisitor_ForASixYearOld_IsIneligible_WithTheRuleCode()
    {
        var details = Details(child: Child(new DateOnly(2020, 6, 1)), referrer: Referrer(ReferrerRole.HealthVisitor));

        var evaluation = Evaluate(details);

        Assert.Equal(Verdict.Ineligible, evaluation.Verdict);
        Assert.Equal(["referrer.health-visitor-child-age"], evaluation.Unmet.Select(r => r.Code));
        Assert.Contains("Social Worker", evaluation.Rule("referrer.health-visitor-child-age").WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthVisitor_WithoutTheChildsDetails_AsksForTheDateOfBirth()
    {
        var details = Details(referrer: Referrer(ReferrerRole.HealthVisitor)) with { Child = null };

        var result = Evaluate(details).Rule("referrer.health-visitor-child-age");

        Assert.Equal(RuleOutcome.Missing, result.Outcome);
    }

    [Theory]
    [InlineData(ReferrerRole.SocialWorker)]
    [InlineData(ReferrerRole.FamilyWorker)]
    [InlineData(ReferrerRole.Psychologist)]
    public void OtherRoles_MayReferChildrenOfAnyAgeUnderTheUpperAge(ReferrerRole role)
    {
        var details = Details(child: Child(new DateOnly(2012, 1, 1)), referrer: Referrer(role));

        Assert.Equal(RuleOutcome.Met, Evaluate(details).Rule("referrer.health-visitor-child-age").Outcome);
    }

    [Theory]
    [InlineData("2025-02-27", RuleOutcome.Met)]
    [InlineData("2025-02-28", RuleOutcome.NotMet)]
    public void HealthVisitor_ForAChildBornOn29February_CountsTheFifthBirthdayOn28February(string on, RuleOutcome expected)
    {
        var details = Details(child: Child(new DateOnly(2020, 2, 29)), referrer: Referrer(ReferrerRole.HealthVisitor));

        var result = Evaluate(details, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)).Rule("referrer.health-visitor-child-age");

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void PretermInfantBornYesterday_ReferredByAHealthVisitor_IsEligible()
    {
        var infant = Child(Today.AddDays(-1)) with { BornPreterm = true, GestationWeeks = 31 };

        var evaluation = Evaluate(Details(child: infant, referrer: Referrer(ReferrerRole.HealthVisitor)));

        Assert.Equal(Verdict.Eligible, evaluation.Verdict);
    }

    [Fact]
    public void DateOfBirthInTheFuture_IsIneligible()
    {
        // No consents: none can be given before the child's birth.
        var evaluation = Evaluate(Details(child: Child(Today.AddDays(1))), withConsent: false);

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("child.born").Outcome);
        Assert.Equal(Verdict.Ineligible, evaluation.Verdict);
    }

    [Fact]
    public void ChildBornToday_HasBeenBorn()
    {
        Assert.Equal(RuleOutcome.Met, Evaluate(Details(child: Child(Today)), withConsent: false).Rule("child.born").Outcome);
    }

    [Theory]
    [InlineData(-1, false, RuleOutcome.Met)]
    [InlineData(0, false, RuleOutcome.NotMet)]
    [InlineData(1, false, RuleOutcome.NotMet)]
    [InlineData(0, true, RuleOutcome.Met)]
    public void UpperAge_AroundTheEighteenthBirthday(int daysFromBirthday, bool hasSend, RuleOutcome expected)
    {
        var child = Child(new DateOnly(2008, 11, 24)) with { HasSend = hasSend };

        var result = Evaluate(Details(child: child), new DateOnly(2026, 11, 24).AddDays(daysFromBirthday)).Rule("child.upper-age");

        Assert.Equal(expected, result.Outcome);
    }

    [Theory]
    [InlineData(-1, RuleOutcome.Met)]
    [InlineData(0, RuleOutcome.NotMet)]
    public void UpperAge_WithSend_AroundTheTwentyFifthBirthday(int daysFromBirthday, RuleOutcome expected)
    {
        var child = Child(new DateOnly(2001, 11, 24)) with { HasSend = true };

        var result = Evaluate(Details(child: child), new DateOnly(2026, 11, 24).AddDays(daysFromBirthday)).Rule("child.upper-age");

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void UpperAge_IsPolicyData_NotCode()
    {
        var strict = AcceptancePolicy.Current with { Version = "test-strict", UpperAgeYears = 16, SendUpperAgeYears = null };
        var child = Child(new DateOnly(2009, 1, 1)) with { HasSend = true };
        var referral = Draft(Details(child: child));

        var evaluation = referral.Evaluate(strict, Today);

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("child.upper-age").Outcome);
        Assert.Equal("test-strict", evaluation.PolicyVersion);
        Assert.Contains("under 16", evaluation.Rule("child.upper-age").WhatToDo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, false, RuleOutcome.Met)]
    [InlineData(0, false, RuleOutcome.Missing)]
    [InlineData(1, false, RuleOutcome.Missing)]
    [InlineData(0, true, RuleOutcome.Met)]
    public void ChildFilmingConsent_AroundTheTwelfthBirthday(int daysFromBirthday, bool childConsented, RuleOutcome expected)
    {
        var on = new DateOnly(2026, 11, 24).AddDays(daysFromBirthday);
        var referral = Draft(Details(child: Child(new DateOnly(2014, 11, 24))));
        if (childConsented)
        {
            referral.RecordConsent(Guid.NewGuid(), null, ConsentKind.BeFilmed, new DateOnly(2026, 11, 24), StampOn(on.AddDays(5)));
        }

        var result = referral.Evaluate(Policy, on).Rule("consent.child-filming");

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void TwelveYearOldWithoutFilmingConsent_NeedsInformation_NamingTheRule()
    {
        var evaluation = Evaluate(Details(child: Child(new DateOnly(2014, 6, 1))));

        Assert.Equal(Verdict.NeedsInformation, evaluation.Verdict);
        Assert.Equal(["consent.child-filming"], evaluation.Unmet.Select(r => r.Code));
    }

    [Fact]
    public void TwelveYearOldWhoWillNotBeFilmed_NeedsNoFilmingConsent()
    {
        var child = Child(new DateOnly(2014, 6, 1)) with { WillBeFilmed = false };

        Assert.Equal(RuleOutcome.Met, Evaluate(Details(child: child)).Rule("consent.child-filming").Outcome);
    }

    [Fact]
    public void UnknownRole_IsNotAccepted()
    {
        var evaluation = Evaluate(Details(referrer: Referrer((ReferrerRole)99)));

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("referrer.role").Outcome);
        Assert.Equal(Verdict.Ineligible, evaluation.Verdict);
    }

    [Fact]
    public void ReferrerOutsideTogetherForFamilies_IsIneligible()
    {
        var evaluation = Evaluate(Details(referrer: Referrer() with { FromTogetherForFamilies = false }));

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("referrer.tff-professional").Outcome);
    }

    [Fact]
    public void ReferrerNoLongerInvolved_IsIneligible()
    {
        var evaluation = Evaluate(Details(referrer: Referrer() with { CurrentlyInvolved = false }));

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("referrer.currently-involved").Outcome);
    }

    [Fact]
    public void FflReferralWithoutPlanReference_IsIneligible_NamingTheRule()
    {
        var evaluation = Evaluate(Details(route: new ReferralRoute(RouteKind.FoundationsForLife, " ")));

        Assert.Equal(Verdict.Ineligible, evaluation.Verdict);
        Assert.Equal(["route.reference"], evaluation.Unmet.Select(r => r.Code));
        Assert.Contains("Foundations For Life plan", evaluation.Rule("route.reference").WhatToDo, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownRouteKind_IsNotAccepted()
    {
        var evaluation = Evaluate(Details(route: new ReferralRoute((RouteKind)7, "X-1")));

        Assert.Equal(RuleOutcome.NotMet, evaluation.Rule("route.cmd-or-ffl").Outcome);
    }

    [Fact]
    public void EmptyDraft_ReportsWhatIsMissing_AndTheMissingRoute()
    {
        var empty = new ReferralDetails(null, null, null, [], [], null, Readiness.Unanswered, ParentCarerViews.Unanswered);

        var evaluation = Evaluate(empty, withConsent: false);

        Assert.Equal(Verdict.Ineligible, evaluation.Verdict);
        Assert.Equal(["route.cmd-or-ffl", "route.reference"], evaluation.Results.Where(r => r.Outcome == RuleOutcome.NotMet).Select(r => r.Code));
        Assert.All(evaluation.Results.Where(r => r.Outcome == RuleOutcome.Missing), r => Assert.False(string.IsNullOrWhiteSpace(r.WhatToDo)));
        Assert.Equal(["referrer.health-visitor-child-age"], evaluation.Results.Where(r => r.Outcome == RuleOutcome.Met).Select(r => r.Code));
        Assert.Equal(AcceptancePolicy.Current.Rules.Count - 3, evaluation.Results.Count(r => r.Outcome == RuleOutcome.Missing));
    }

    public static TheoryData<string, Func<ReferralDetails, ReferralDetails>> InformationGaps => new()
    {
        { "concern.category", d => d with { Concerns = [] } },
        { "concern.account", d => d with { ConcernAccount = "  " } },
        { "readiness.assessment", d => d with { Readiness = d.Readiness with { AssessmentIndicatesVig = false } } },
        { "readiness.assessment", d => d with { Readiness = d.Readiness with { AssessmentSummary = null } } },
        { "readiness.explainer-video", d => d with { Readiness = d.Readiness with { ExplainerVideoShown = null } } },
        { "readiness.professional-network", d => d with { Readiness = d.Readiness with { ProfessionalNetworkConsulted = false } } },
        { "readiness.professional-network", d => d with { Readiness = d.Readiness with { ProfessionalNetworkAgrees = null } } },
        { "views.hoped-for-change", d => d with { Views = d.Views with { HopedForChange = "" } } },
        { "views.hoped-for-change", d => d with { Views = d.Views with { ChangeMutuallyAgreed = false } } },
        { "views.impact-on-child", d => d with { Views = d.Views with { ImpactOnChild = null } } },
        { "views.impact-on-child", d => d with { Views = d.Views with { ParentCarerClearAboutImpact = null } } },
    };

    [Theory]
    [MemberData(nameof(InformationGaps))]
    public void InformationGap_NeedsInformation_NamingOnlyThatRule(string code, Func<ReferralDetails, ReferralDetails> gap)
    {
        ArgumentNullException.ThrowIfNull(gap);

        var evaluation = Evaluate(gap(Details()));

        Assert.Equal(Verdict.NeedsInformation, evaluation.Verdict);
        var unmet = Assert.Single(evaluation.Unmet);
        Assert.Equal((code, RuleKind.Information, RuleOutcome.Missing), (unmet.Code, unmet.Kind, unmet.Outcome));
    }

    [Fact]
    public void ParentCarerWithoutConsent_NeedsInformation()
    {
        var evaluation = Evaluate(Details(), withConsent: false);

        Assert.Equal(["consent.parent-carers"], evaluation.Unmet.Select(r => r.Code));
    }

    [Fact]
    public void OnlyParentCarersTakingPart_NeedConsent()
    {
        var parents = new[]
        {
            new ParentCarer(MotherId, "Jo Example", Relationship.Mother, true),
            new ParentCarer(FatherId, "Chris Example", Relationship.Father, false),
        };

        Assert.Equal(Verdict.Eligible, Evaluate(Details(parentCarers: parents)).Verdict);
    }

    [Fact]
    public void NobodyTakingPart_NeedsInformation()
    {
        var parents = new[] { new ParentCarer(MotherId, "Jo Example", Relationship.Mother, false) };

        var evaluation = Evaluate(Details(parentCarers: parents));

        Assert.Equal(["consent.parent-carers", "parent-carers.taking-part"], evaluation.Unmet.Select(r => r.Code));
    }

    [Fact]
    public void EveryRule_HasAUniqueCode_AndACriterionInPlainWords()
    {
        var rules = AcceptancePolicy.Current.Rules;

        Assert.Equal(rules.Count, rules.Select(r => r.Code).Distinct().Count());
        Assert.All(rules, r =>
        {
            Assert.Matches("^[a-z-]+\\.[a-z-]+$", r.Code);
            Assert.EndsWith(".", r.Criterion(AcceptancePolicy.Current), StringComparison.Ordinal);
            Assert.Same(r, Vig.Domain.Acceptance.Rules.AcceptanceRules.FromCode(r.Code));
        });
        Assert.Equal(RuleKind.Eligibility, rules[0].Kind);
        Assert.True(rules.SkipWhile(r => r.Kind == RuleKind.Eligibility).All(r => r.Kind == RuleKind.Information), "Eligibility rules come first.");
    }

    [Fact]
    public void UpperAgeCriterion_WithoutSendExtension_SaysOnlyTheUpperAge()
    {
        var policy = AcceptancePolicy.Current with { SendUpperAgeYears = null };

        var criterion = Vig.Domain.Acceptance.Rules.AcceptanceRules.FromCode("child.upper-age")!.Criterion(policy);

        Assert.DoesNotContain("SEND", criterion, StringComparison.Ordinal);
    }
}
