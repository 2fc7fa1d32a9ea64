namespace Vig.Domain.Referrals;

/// <summary>
/// The parent or carer's own answers, required before acceptance (source page, "Answers to the
/// following questions will be required"). A null answer means not yet answered.
/// </summary>
public sealed record ParentCarerViews(
    string? HopedForChange,
    bool? ChangeMutuallyAgreed,
    string? ImpactOnChild,
    bool? ParentCarerClearAboutImpact)
{
    public const int AnswerMaxLength = 4000;

    public static readonly ParentCarerViews Unanswered = new(null, null, null, null);
}
