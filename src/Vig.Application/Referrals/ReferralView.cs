using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// A referral as clients read it. <see cref="LatestEvaluation"/> is the evaluation stored at the
/// last submission or acceptance; <see cref="CurrentEvaluation"/> is the rules applied today to the
/// referral as it stands (consents included), computed on every read while the referral is open
/// and null once it is declined, closed or withdrawn. <see cref="AllowedActions"/> lists what this
/// caller may do and would succeed now; <see cref="BlockedActions"/> what this caller could do by
/// the status but the rules or consents block, and why. <see cref="Questionnaires"/> are the
/// completed pre-assessment questionnaires with their scores: shown beside the evaluations, never
/// part of them. Both depend on the caller's scopes.
/// Collections keep one order everywhere (docs/decisions/0010-semantics-one-call-submission.md).
/// </summary>
public sealed record ReferralView(
    Guid Id,
    string Reference,
    ReferralStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateOnly? ReferralDate,
    ReferralRoute? Route,
    Referrer? Referrer,
    Child? Child,
    IReadOnlyList<ParentCarer> ParentCarers,
    IReadOnlyList<string> Concerns,
    string? ConcernAccount,
    Readiness Readiness,
    ParentCarerViews Views,
    IReadOnlyList<ConsentView> Consents,
    EvaluationView? LatestEvaluation,
    EvaluationView? CurrentEvaluation,
    IReadOnlyList<QuestionnaireResult> Questionnaires,
    IReadOnlyList<string> RequestedInformation,
    string? DeclineReason,
    string? AllocatedTo,
    ClosureOutcome? Outcome,
    IReadOnlyList<ReferralAction> AllowedActions,
    IReadOnlyList<BlockedActionView> BlockedActions)
{
    /// <summary>The referral as a caller sees it on <paramref name="today"/>, keeping only the actions <paramref name="mayTake"/> allows.</summary>
    public static ReferralView From(Referral referral, AcceptancePolicy policy, DateOnly today, Func<ReferralAction, bool> mayTake)
    {
        ArgumentNullException.ThrowIfNull(mayTake);
        ArgumentNullException.ThrowIfNull(referral);
        var options = referral.Options(policy, today);
        return new ReferralView(
            referral.Id,
            referral.Reference.Value,
            referral.Status,
            referral.Version,
            referral.CreatedAt,
            referral.UpdatedAt,
            referral.ReferralDate,
            referral.Route,
            referral.Referrer,
            referral.Child,
            referral.ParentCarers,
            [.. referral.Concerns.Select(c => c.Code)],
            referral.ConcernAccount,
            referral.Readiness,
            referral.Views,
            [.. referral.Consents.Select(ConsentView.From)],
            referral.LatestEvaluation is { } evaluation ? EvaluationView.From(evaluation, policy) : null,
            referral.IsFinished ? null : EvaluationView.From(referral.Evaluate(policy, today), policy),
            referral.Questionnaires,
            referral.RequestedInformation,
            referral.DeclineReasonCode,
            referral.AllocatedTo,
            referral.Outcome,
            [.. options.Available.Where(mayTake)],
            [.. options.Blocked.Where(b => mayTake(b.Action)).Select(BlockedActionView.From)]);
    }
}

/// <summary>
/// An action the referral's status allows, and the caller may take, that would be refused now:
/// <see cref="Code"/> and <see cref="RuleCodes"/> are those of the error it would meet, and
/// <see cref="Reason"/> says what to do first.
/// </summary>
public sealed record BlockedActionView(ReferralAction Action, string Code, IReadOnlyList<string> RuleCodes, string Reason)
{
    public static BlockedActionView From(BlockedAction blocked)
    {
        ArgumentNullException.ThrowIfNull(blocked);
        return new(blocked.Action, blocked.Error.Code, blocked.Error.RuleCodes ?? [], blocked.Error.Message);
    }
}

public sealed record ConsentView(
    Guid Id,
    Guid? ParentCarerId,
    bool GivenByChild,
    ConsentKind Kind,
    DateOnly GivenOn,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    bool InForce,
    DateOnly? WithdrawnOn,
    string? WithdrawalRecordedBy)
{
    public static ConsentView From(ConsentRecord consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new(consent.Id, consent.ParentCarerId, consent.GivenByChild, consent.Kind, consent.GivenOn, consent.RecordedBy, consent.RecordedAt, consent.IsInForce, consent.WithdrawnOn, consent.WithdrawalRecordedBy);
    }
}

/// <summary>An evaluation: the verdict, the codes of the unmet rules, and every rule of the policy in its order.</summary>
public sealed record EvaluationView(string PolicyVersion, DateOnly ReferralDate, DateOnly EvaluatedOn, Verdict Verdict, IReadOnlyList<string> UnmetRules, IReadOnlyList<RuleResultView> Rules)
{
    public static EvaluationView From(AcceptanceEvaluation evaluation, AcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new(evaluation.PolicyVersion, evaluation.ReferralDate, evaluation.EvaluatedOn, evaluation.Verdict, [.. evaluation.Unmet.Select(r => r.Code)], [.. evaluation.Results.Select(r => RuleResultView.From(r, policy))]);
    }
}

/// <summary>One rule of an evaluation: what it requires (always) and, when it is not met, what to do.</summary>
public sealed record RuleResultView(string Code, RuleKind Kind, RuleOutcome Outcome, string Criterion, string? WhatToDo)
{
    /// <summary>
    /// Evaluations stored before rule results carried their texts lack them; those take the texts
    /// of the rule with the same code in <paramref name="policy"/>.
    /// </summary>
    public static RuleResultView From(RuleResult result, AcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(policy);
        var rule = policy.Rules.FirstOrDefault(r => r.Code == result.Code);
        var criterion = string.IsNullOrEmpty(result.Criterion) ? rule?.Criterion(policy) ?? string.Empty : result.Criterion;
        var whatToDo = result.Outcome == RuleOutcome.Met ? null : result.WhatToDo ?? rule?.WhatToDo(policy);
        return new(result.Code, result.Kind, result.Outcome, criterion, whatToDo);
    }
}

/// <summary>A referral in a list: no personal data, so lists and reports can be shared more widely.</summary>
public sealed record ReferralSummary(
    Guid Id,
    string Reference,
    ReferralStatus Status,
    RouteKind? Route,
    ReferrerRole? ReferrerRole,
    string? ExternalCaseId,
    IReadOnlyList<string> Concerns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, string? NextCursor);
