namespace Vig.Domain.Referrals;

/// <summary>
/// The editable content of a referral. A draft may be incomplete: a missing part is reported by
/// the acceptance rules as information to provide, not refused.
/// </summary>
public sealed record ReferralDetails(
    ReferralRoute? Route,
    Referrer? Referrer,
    Child? Child,
    IReadOnlyList<ParentCarer> ParentCarers,
    IReadOnlyList<ConcernCategory> Concerns,
    string? ConcernAccount,
    Readiness Readiness,
    ParentCarerViews Views)
{
    public const int ConcernAccountMaxLength = 4000;
    public const int MaxParentCarers = 10;
}
