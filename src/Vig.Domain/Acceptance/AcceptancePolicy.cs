using Vig.Domain.Acceptance.Rules;

namespace Vig.Domain.Acceptance;

/// <summary>
/// The acceptance criteria in force: the rule catalogue and the figures it uses, under a version
/// name. Figures are data: a council changing them publishes a new version, so that an evaluation
/// always says which criteria it applied.
/// </summary>
/// <param name="Version">The name stored with every evaluation, e.g. "2026-11".</param>
/// <param name="UpperAgeYears">A child must be younger than this on the referral date.</param>
/// <param name="SendUpperAgeYears">The upper age for a child with SEND, when the council extends it; null for none.</param>
/// <param name="HealthVisitorMaxAgeYears">The oldest age for which a Health Visitor may refer.</param>
/// <param name="ChildConsentAgeYears">From this age a child who will be filmed gives their own consent to filming.</param>
public sealed record AcceptancePolicy(
    string Version,
    int UpperAgeYears,
    int? SendUpperAgeYears,
    int HealthVisitorMaxAgeYears,
    int ChildConsentAgeYears)
{
    public const int VersionMaxLength = 32;

    /// <summary>
    /// The criteria of the service's page for referral professionals as read in November 2026.
    /// The page sets no upper age; 18, extended to 25 with SEND (as for Education, Health and Care
    /// plans), is this project's reading (docs/decisions/0005-ages-and-acceptance-policy.md).
    /// </summary>
    public static AcceptancePolicy Current { get; } = new("2026-11", 18, 25, 4, 12);

    /// <summary>The rules this version applies, in a fixed order: the whole catalogue unless a version says otherwise.</summary>
    public IReadOnlyList<AcceptanceRule> Rules { get; init; } = AcceptanceRules.All;

    /// <summary>The upper age that applies to this child.</summary>
    public int UpperAgeFor(bool hasSend) => hasSend && SendUpperAgeYears is { } send ? Math.Max(send, UpperAgeYears) : UpperAgeYears;

    public AcceptanceEvaluation Evaluate(ReferralFacts facts, DateOnly evaluatedOn)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var results = Rules.Select(rule => rule.Evaluate(facts, this)).ToList();
        return new AcceptanceEvaluation(Version, facts.ReferralDate, evaluatedOn, AcceptanceEvaluation.VerdictOf(results), results);
    }
}
