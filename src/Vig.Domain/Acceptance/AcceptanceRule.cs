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

/// <summary>
/// One rule's outcome. <paramref name="Criterion"/> says what the rule requires, whatever the outcome,
/// so that a client can show the whole checklist; <paramref name="WhatToDo"/> says what the referrer
/// must do about this referral, or is null when the rule is met.
/// </summary>
public sealed record RuleResult(string Code, RuleKind Kind, RuleOutcome Outcome, string Criterion, string? WhatToDo);

/// <summary>
/// One acceptance criterion of the service: a stable code clients can rely on, its kind, the
/// criterion in plain words, what to do when it is not met, and a pure check of a referral's
/// facts against a policy. The catalogue (GET /acceptance-rules) and every evaluation take their
/// texts from here.
/// </summary>
public abstract class AcceptanceRule
{
    /// <summary>The longest rule code: clients store and send rule codes (requestedInformation, ruleCodes).</summary>
    public const int CodeMaxLength = 64;

    protected AcceptanceRule(string code, RuleKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code.Length, CodeMaxLength, nameof(code));
        Code = code;
        Kind = kind;
    }

    public string Code { get; }

    public RuleKind Kind { get; }

    /// <summary>The criterion in plain words, with the policy's figures filled in.</summary>
    public abstract string Criterion(AcceptancePolicy policy);

    /// <summary>What a referrer does, in general, when the rule is not met; an evaluation may say it more precisely.</summary>
    public abstract string WhatToDo(AcceptancePolicy policy);

    /// <summary>The rule applied to the facts: the outcome with the criterion and, when unmet, what to do.</summary>
    public RuleResult Evaluate(ReferralFacts facts, AcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var finding = Check(facts, policy);
        return new RuleResult(
            Code,
            Kind,
            finding.Outcome,
            Criterion(policy),
            finding.Outcome == RuleOutcome.Met ? null : finding.WhatToDo ?? WhatToDo(policy));
    }

    protected abstract Finding Check(ReferralFacts facts, AcceptancePolicy policy);

    protected static Finding Met() => new(RuleOutcome.Met, null);

    /// <summary>The facts break the rule; <paramref name="whatToDo"/> when the general advice is not precise enough.</summary>
    protected static Finding NotMet(string? whatToDo = null) => new(RuleOutcome.NotMet, whatToDo);

    /// <summary>A fact is missing; <paramref name="whatToDo"/> when the general advice is not precise enough.</summary>
    protected static Finding Missing(string? whatToDo = null) => new(RuleOutcome.Missing, whatToDo);

    /// <summary>What a rule found, before the texts are added.</summary>
    protected readonly record struct Finding(RuleOutcome Outcome, string? WhatToDo);
}
