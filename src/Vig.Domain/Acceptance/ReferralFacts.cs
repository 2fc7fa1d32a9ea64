using Vig.Domain.Referrals;

namespace Vig.Domain.Acceptance;

/// <summary>
/// What the rules look at: a referral's content and consents, and the referral date on which
/// ages are counted. The rules see these facts, never the referral aggregate itself.
/// </summary>
public sealed record ReferralFacts(DateOnly ReferralDate, ReferralDetails Details, IReadOnlyList<ConsentRecord> Consents)
{
    /// <summary>Whether a consent of this kind from this person (null: the child) is in force.</summary>
    public bool HasConsent(Guid? parentCarerId, ConsentKind kind) =>
        Consents.Any(c => c.IsInForce && c.Kind == kind && c.ParentCarerId == parentCarerId);
}
