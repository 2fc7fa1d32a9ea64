namespace Vig.Domain.Referrals;

/// <summary>A concern category named by a referral: one row per category, for filters and reports.</summary>
public sealed class ReferralConcern
{
    internal ReferralConcern(ConcernCategory category) => CategoryCode = category.Code;

    private ReferralConcern() => CategoryCode = string.Empty;

    public string CategoryCode { get; private set; }

    public ConcernCategory Category => ConcernCategory.FromCode(CategoryCode)
        ?? throw new InvalidOperationException($"Unknown concern category '{CategoryCode}'.");
}
