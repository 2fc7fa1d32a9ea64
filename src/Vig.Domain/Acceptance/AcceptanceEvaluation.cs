namespace Vig.Domain.Acceptance;

public enum Verdict
{
    Eligible,
    NeedsInformation,
    Ineligible,
}

/// <summary>
/// Every rule's outcome for one referral, the overall verdict and the policy version used. An
/// unmet eligibility rule makes the referral ineligible whatever else is missing.
/// </summary>
public sealed record AcceptanceEvaluation(
    string PolicyVersion,
    DateOnly ReferralDate,
    DateOnly EvaluatedOn,
    Verdict Verdict,
    IReadOnlyList<RuleResult> Results)
{
    // For materialising a stored evaluation: EF Core adds the stored results to the list.
    private AcceptanceEvaluation()
        : this(string.Empty, default, default, default, new List<RuleResult>())
    {
    }

    public IEnumerable<RuleResult> Unmet => Results.Where(r => r.Outcome != RuleOutcome.Met);

    public static Verdict VerdictOf(IEnumerable<RuleResult> results)
    {
        var outcomes = results.Select(r => r.Outcome).ToList();
        return outcomes.Contains(RuleOutcome.NotMet) ? Verdict.Ineligible
            : outcomes.Contains(RuleOutcome.Missing) ? Verdict.NeedsInformation
            : Verdict.Eligible;
    }
}
