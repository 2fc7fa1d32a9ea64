namespace Vig.Domain.Acceptance;

public enum RuleKind
{
    /// <summary>Who and what the service is for: a rule not met means the service cannot accept.</summary>
    Eligibility,

    /// <summary>What the service needs to know before accepting: a rule not met means ask the referrer.</summary>
    Information,
}

public enum RuleOutcome
{
    Met,

    /// <summary>The facts are known and break the rule.</summary>
    NotMet,

    /// <summary>A fact the rule needs has not been given yet.</summary>
    Missing,
}

/// <summary>One rule's outcome; <paramref name="Message"/> says what the referrer must do, or is null when met.</summary>
public sealed record RuleResult(string Code, RuleKind Kind, RuleOutcome Outcome, string? Message);

/// <summary>
/// One acceptance criterion of the service: a stable code clients can rely on, its kind, the
/// criterion in plain words, and a pure check of a referral's facts against a policy.
/// </summary>
public abstract class AcceptanceRule
{
    protected AcceptanceRule(string code, RuleKind kind)
    {
        Code = code;
        Kind = kind;
    }

    public string Code { get; }

    public RuleKind Kind { get; }

    /// <summary>The criterion in plain words, with the policy's figures filled in.</summary>
    public abstract string Criterion(AcceptancePolicy policy);

    public abstract RuleResult Evaluate(ReferralFacts facts, AcceptancePolicy policy);

    protected RuleResult Met() => new(Code, Kind, RuleOutcome.Met, null);

    protected RuleResult NotMet(string whatToDo) => new(Code, Kind, RuleOutcome.NotMet, whatToDo);

    protected RuleResult Missing(string whatToDo) => new(Code, Kind, RuleOutcome.Missing, whatToDo);
}
