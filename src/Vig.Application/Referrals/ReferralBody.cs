using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// A referral's content as clients send it. Any part may be left out of a draft; the acceptance
/// rules then say what is missing. Parts that are sent must be well formed (see the validator).
/// </summary>
public record ReferralBody
{
    public RouteBody? Route { get; init; }

    public ReferrerBody? Referrer { get; init; }

    public ChildBody? Child { get; init; }

    public IReadOnlyList<ParentCarerBody>? ParentCarers { get; init; }

    /// <summary>Codes from GET /api/v1/concern-categories.</summary>
    public IReadOnlyList<string>? Concerns { get; init; }

    /// <summary>How communication, interaction or relationships are not developing as expected.</summary>
    public string? ConcernAccount { get; init; }

    public ReadinessBody? Readiness { get; init; }

    public ViewsBody? Views { get; init; }

    /// <summary>The content as the domain's value objects; parent/carers sent without an id get a new one.</summary>
    public ReferralDetails ToDetails() => new(
        Route is null ? null : new ReferralRoute(Route.Kind!.Value, Blank(Route.Reference)),
        Referrer is null ? null : new Referrer(PlainText.Trimmed(Referrer.Name!), Referrer.Role!.Value, Referrer.FromTogetherForFamilies!.Value, Blank(Referrer.Team), Referrer.CurrentlyInvolved!.Value, Blank(Referrer.Email), Blank(Referrer.Phone)),
        Child is null ? null : new Child(PlainText.Trimmed(Child.Name!), Child.DateOfBirth!.Value, Child.BornPreterm ?? false, Child.GestationWeeks, Child.HasSend ?? false, Child.Autism ?? AutismStatus.No, Child.CareSetting ?? CareSetting.BirthFamily, Child.WillBeFilmed ?? true, Blank(Child.ExternalCaseId)),
        [.. (ParentCarers ?? []).Select(p => new ParentCarer(p.Id ?? Guid.NewGuid(), PlainText.Trimmed(p.Name!), p.Relationship!.Value, p.TakesPart ?? true))],
        [.. (Concerns ?? []).Select(code => ConcernCategory.FromCode(code)!)],
        Blank(ConcernAccount),
        Readiness is null ? Domain.Referrals.Readiness.Unanswered : new Readiness(Readiness.AssessmentIndicatesVig, Blank(Readiness.AssessmentSummary), Readiness.ExplainerVideoShown, Readiness.ExplainerVideoShownOn, Readiness.ProfessionalNetworkConsulted, Readiness.ProfessionalNetworkAgrees),
        Views is null ? ParentCarerViews.Unanswered : new ParentCarerViews(Blank(Views.HopedForChange), Views.ChangeMutuallyAgreed, Blank(Views.ImpactOnChild), Views.ParentCarerClearAboutImpact));

    /// <summary>Optional text left blank (whitespace or invisible characters only) is stored as absent.</summary>
    private static string? Blank(string? value) => PlainText.TrimmedOrNull(value);
}

public sealed record RouteBody(RouteKind? Kind, string? Reference);

public sealed record ReferrerBody(string? Name, ReferrerRole? Role, bool? FromTogetherForFamilies, string? Team, bool? CurrentlyInvolved, string? Email, string? Phone);

public sealed record ChildBody(
    string? Name,
    DateOnly? DateOfBirth,
    bool? BornPreterm,
    int? GestationWeeks,
    bool? HasSend,
    AutismStatus? Autism,
    CareSetting? CareSetting,
    bool? WillBeFilmed,
    string? ExternalCaseId);

/// <summary>A parent or carer; send back the id the service gave them to keep their consents linked.</summary>
public sealed record ParentCarerBody(Guid? Id, string? Name, Relationship? Relationship, bool? TakesPart);

public sealed record ReadinessBody(
    bool? AssessmentIndicatesVig,
    string? AssessmentSummary,
    bool? ExplainerVideoShown,
    DateOnly? ExplainerVideoShownOn,
    bool? ProfessionalNetworkConsulted,
    bool? ProfessionalNetworkAgrees);

public sealed record ViewsBody(string? HopedForChange, bool? ChangeMutuallyAgreed, string? ImpactOnChild, bool? ParentCarerClearAboutImpact);

/// <summary>A consent given before the referral exists, for an acceptance check.</summary>
public sealed record ConsentBody(Guid? ParentCarerId, ConsentKind? Kind, DateOnly? GivenOn);
