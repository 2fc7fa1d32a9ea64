namespace Vig.Domain.Referrals;

/// <summary>A concern category named by a referral (one row per category, for the reports and filters).</summary>
public sealed class ReferralConcern
{
    internal ReferralConcern(ConcernCategory category) => Category = category;

    private ReferralConcern() => Category = null!;

    public ConcernCategory Category { get; private set; }
}
