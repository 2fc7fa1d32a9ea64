using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>A referral as clients read it, with the actions its current status allows.</summary>
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
    IReadOnlyList<string> RequestedInformation,
    string? DeclineReason,
    string? AllocatedTo,
    ClosureOutcome? Outcome,
    IReadOnlyList<ReferralAction> AllowedActions)
{
    public static ReferralView From(Referral referral, Func<ReferralAction, bool> mayTake)
    {
        ArgumentNullException.ThrowIfNull(mayTake);
        ArgumentNullException.ThrowIfNull(referral);
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
            [.. referral.Concerns.Select(c => c.CategoryCode)],
            referral.ConcernAccount,
            referral.Readiness,
            referral.Views,
            [.. referral.Consents.Select(ConsentView.From)],
            referral.LatestEvaluation is { } evaluation ? EvaluationView.From(evaluation) : null,
            referral.RequestedInformation,
            referral.DeclineReasonCode,
            referral.AllocatedTo,
            referral.Outcome,
            [.. referral.AllowedActions().Where(mayTake)]);
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

public sealed record EvaluationView(string PolicyVersion, DateOnly ReferralDate, DateOnly EvaluatedOn, Verdict Verdict, IReadOnlyList<string> UnmetRules, IReadOnlyList<RuleResult> Rules)
{
    public static EvaluationView From(AcceptanceEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new(evaluation.PolicyVersion, evaluation.ReferralDate, evaluation.EvaluatedOn, evaluation.Verdict, [.. evaluation.Unmet.Select(r => r.Code)], evaluation.Results);
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
