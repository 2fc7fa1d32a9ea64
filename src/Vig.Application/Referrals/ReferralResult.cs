using Vig.Application.Common;
using Vig.Application.ServiceLevels;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Application.Referrals;

/// <summary>
/// What a referral use case answers: the aggregate itself, and what the calling client can make of
/// it on the request's day. <see cref="CurrentEvaluation"/> is the rules applied that day to the
/// referral as it stands (null once it is declined, closed or withdrawn); <see cref="AllowedActions"/>
/// are what this caller's scopes allow and would succeed now; <see cref="BlockedActions"/> what they
/// allow but the rules or consents block; <see cref="Clock"/> the running service-level clock read now;
/// <see cref="AllocationExpectation"/>, while accepted, how long allocation has been taking. Both evaluations carry every rule's texts
/// (<see cref="RuleTexts"/>). The Api maps this to the wire once.
/// </summary>
public sealed record ReferralResult(
    Referral Referral,
    AcceptanceEvaluation? LatestEvaluation,
    AcceptanceEvaluation? CurrentEvaluation,
    IReadOnlyList<ReferralAction> AllowedActions,
    IReadOnlyList<BlockedAction> BlockedActions,
    ClockReading? Clock,
    AllocationExpectation? AllocationExpectation = null)
{
    /// <summary>What only the VIG team sees (<see cref="PossibleDuplicates.ShownToCallerAsync"/>); null for any other caller.</summary>
    public DuplicatesView? Duplicates { get; init; }
}


/// <summary>
/// Referrals as the calling client sees them on the request's day (the clock is read once per
/// request), with the acceptance rules applied once: an evaluation the request has already made of
/// the referral as it now stands (a submission's, an acceptance's) is reused, not made again.
/// </summary>
public sealed class ReferralResults(AcceptancePolicy policy, ServiceClock clock, ICurrentClient client, ServiceLevelClocks clocks, IServiceLevelQueries serviceLevels)
{
    /// <summary>
    /// As <see cref="For"/>, and while the referral is accepted, the allocation expectation: one
    /// indexed query, made only for an accepted referral (ADR 0032).
    /// </summary>
    public async Task<ReferralResult> ForAsync(Referral referral, AcceptanceEvaluation? evaluatedToday, CancellationToken cancellationToken)
    {
        var result = For(referral, evaluatedToday);
        return referral.Status == ReferralStatus.Accepted
            ? result with { AllocationExpectation = await serviceLevels.AllocationExpectationAsync(AllocationExpectation.From(clock.Today), cancellationToken) }
            : result;
    }

    /// <summary>
    /// <paramref name="referral"/> for this caller. <paramref name="evaluatedToday"/>, when given, is the
    /// evaluation of the referral as it now stands on the request's day, made by the change itself.
    /// </summary>
    public ReferralResult For(Referral referral, AcceptanceEvaluation? evaluatedToday = null)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var current = evaluatedToday ?? referral.Evaluate(policy, clock.Today);
        var options = referral.Options(current);
        return new ReferralResult(
            referral,
            referral.LatestEvaluation is { } latest ? RuleTexts.Explain(latest, policy) : null,
            referral.IsFinished ? null : RuleTexts.Explain(current, policy),
            [.. options.Available.Where(a => MayTake(a, referral.Status))],
            [.. options.Blocked.Where(b => MayTake(b.Action, referral.Status))],
            referral.Clock is { } running ? clocks.Read(running, clock.Now) : null);
    }

    /// <summary>
    /// The scope a client needs to take an action in <paramref name="status"/>. On a closed referral
    /// the only form left to record is one after VIG, which is the VIG team's (ADR 0033).
    /// </summary>
    public static string ScopeFor(ReferralAction action, ReferralStatus status) => action switch
    {
        ReferralAction.RequestInformation or ReferralAction.Accept or ReferralAction.Decline or ReferralAction.Allocate or ReferralAction.Close => Scopes.Decide,
        ReferralAction.RecordQuestionnaire when status == ReferralStatus.Closed => Scopes.Decide,
        _ => Scopes.Submit,
    };

    private bool MayTake(ReferralAction action, ReferralStatus status) => client.HasScope(ScopeFor(action, status));
}

/// <summary>Every rule result with what the rule requires and, when unmet, what to do.</summary>
public static class RuleTexts
{
    /// <summary>
    /// Evaluations stored before rule results carried their texts lack them; those take the texts
    /// of the rule with the same code in <paramref name="policy"/>. A met rule has nothing to do.
    /// </summary>
    public static AcceptanceEvaluation Explain(AcceptanceEvaluation evaluation, AcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(policy);
        return evaluation.Results.All(IsExplained) ? evaluation : evaluation with { Results = [.. evaluation.Results.Select(r => Explain(r, policy))] };
    }

    /// <summary>One result with its texts, from the rule with its code in <paramref name="policy"/> where it lacks them.</summary>
    public static RuleResult Explain(RuleResult result, AcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(policy);
        var rule = policy.Rules.FirstOrDefault(r => r.Code == result.Code);
        var criterion = string.IsNullOrEmpty(result.Criterion) ? rule?.Criterion(policy) ?? string.Empty : result.Criterion;
        var whatToDo = result.Outcome == RuleOutcome.Met ? null : result.WhatToDo ?? rule?.WhatToDo(policy);
        return result with { Criterion = criterion, WhatToDo = whatToDo };
    }

    private static bool IsExplained(RuleResult result) =>
        !string.IsNullOrEmpty(result.Criterion) && (result.Outcome == RuleOutcome.Met ? result.WhatToDo is null : result.WhatToDo is not null);
}
