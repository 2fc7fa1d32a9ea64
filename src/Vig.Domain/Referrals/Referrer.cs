namespace Vig.Domain.Referrals;

/// <summary>The professional roles that may refer (source page, "An assessment by a professional in TFF").</summary>
public enum ReferrerRole
{
    HealthVisitor,
    SocialWorker,
    FamilyWorker,
    Psychologist,
}

/// <summary>
/// The professional making the referral: whether they work in a Together for Families (TFF)
/// service, which team, whether they are involved with the family now, and how to reach them.
/// </summary>
public sealed record Referrer(
    string Name,
    ReferrerRole Role,
    bool FromTogetherForFamilies,
    string? Team,
    bool CurrentlyInvolved,
    string? Email,
    string? Phone)
{
    public const int NameMaxLength = 200;
    public const int TeamMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
}
