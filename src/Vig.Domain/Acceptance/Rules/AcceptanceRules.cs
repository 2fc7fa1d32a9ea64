namespace Vig.Domain.Acceptance.Rules;

/// <summary>The rule catalogue, eligibility first. Codes are stable: never rename or reuse one.</summary>
public static class AcceptanceRules
{
    public static readonly IReadOnlyList<AcceptanceRule> All =
    [
        new ReferrerIsTffProfessionalRule(),
        new ReferrerIsCurrentlyInvolvedRule(),
        new ReferrerRoleIsAcceptedRule(),
        new HealthVisitorOnlyForYoungChildrenRule(),
        new ChildHasBeenBornRule(),
        new ChildIsUnderUpperAgeRule(),
        new RouteIsCmdOrFflRule(),
        new RouteHasReferenceRule(),
        new ConcernCategoryIsNamedRule(),
        new ConcernIsDescribedRule(),
        new AssessmentIndicatesVigRule(),
        new ExplainerVideoShownRule(),
        new ParentCarersHaveConsentedRule(),
        new ProfessionalNetworkConsultedRule(),
        new HopedForChangeIsAgreedRule(),
        new ImpactOnChildIsClearRule(),
        new OlderChildHasConsentedToFilmingRule(),
        new ParentCarerTakesPartRule(),
    ];

    public static AcceptanceRule? FromCode(string? code) =>
        All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));
}
