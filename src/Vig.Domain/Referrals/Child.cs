using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

public enum AutismStatus
{
    No,
    BeingAssessed,
    Diagnosed,
}

/// <summary>Where the child lives (source page, "Who the VIG service is for").</summary>
public enum CareSetting
{
    BirthFamily,

    /// <summary>A child in care, living with foster carers.</summary>
    FosterCare,
    AdoptiveFamily,
}

/// <summary>The one child a referral is about.</summary>
public sealed record Child(
    string Name,
    DateOnly DateOfBirth,
    bool BornPreterm,
    int? GestationWeeks,
    bool HasSend,
    AutismStatus Autism,
    CareSetting CareSetting,
    bool WillBeFilmed,
    string? ExternalCaseId)
{
    public const int NameMaxLength = 200;
    public const int ExternalCaseIdMaxLength = 64;
    public const int MinGestationWeeks = 20;
    public const int MaxGestationWeeks = 45;

    public int AgeOn(DateOnly date) => Age.InYears(DateOfBirth, date);
}
