namespace Vig.Domain.Referrals;

/// <summary>
/// What the referrer is asked to consider before requesting VIG (source page, "Before making a
/// request"). A null answer means not yet answered.
/// </summary>
public sealed record Readiness(
    bool? AssessmentIndicatesVig,
    string? AssessmentSummary,
    bool? ExplainerVideoShown,
    DateOnly? ExplainerVideoShownOn,
    bool? ProfessionalNetworkConsulted,
    bool? ProfessionalNetworkAgrees)
{
    public const int SummaryMaxLength = 4000;

    public static readonly Readiness Unanswered = new(null, null, null, null, null, null);
}
