namespace Vig.Domain.Referrals;

/// <summary>
/// Why the VIG team declined a referral: a coded list that can grow (add a reason here and a
/// migration seeds it); codes are never reused for another meaning.
/// </summary>
public sealed class DeclineReason
{
    public const int CodeMaxLength = 64;
    public const int TitleMaxLength = 200;

    public static readonly DeclineReason NotEligible = new("not-eligible", 1, "The referral does not meet the acceptance criteria");
    public static readonly DeclineReason AnotherServiceBetterPlaced = new("another-service-better-placed", 2, "Another service is better placed to help");
    public static readonly DeclineReason FamilyDeclined = new("family-declined", 3, "The family does not wish to take part");
    public static readonly DeclineReason Duplicate = new("duplicate", 4, "The child already has an open VIG referral");
    public static readonly DeclineReason NoResponse = new("no-response", 5, "The information requested was not provided");

    public static readonly IReadOnlyList<DeclineReason> All = [NotEligible, AnotherServiceBetterPlaced, FamilyDeclined, Duplicate, NoResponse];

    private DeclineReason(string code, int displayOrder, string title)
    {
        Code = code;
        DisplayOrder = displayOrder;
        Title = title;
    }

    public string Code { get; }

    public int DisplayOrder { get; }

    public string Title { get; }

    public static DeclineReason? FromCode(string? code) =>
        All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    public override string ToString() => Code;
}
