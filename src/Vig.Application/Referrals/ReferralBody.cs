using Vig.Application.Common;
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

    /// <summary>
    /// The content as the domain's value objects. Parent/carer ids are the service's: one sent
    /// without an id is new and gets a fresh id; one sent with an id must be one of
    /// <paramref name="current"/> (the referral's own), so a client can never reuse or invent one.
    /// </summary>
    /// <exception cref="RequestValidationException">An id is not one of this referral's parent/carers.</exception>
    public ReferralDetails ToDetails(IReadOnlyList<ParentCarer> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var sent = ParentCarers ?? [];
        var foreign = sent
            .Select((p, i) => (p.Id, Index: i))
            .Where(p => p.Id is { } id && current.All(c => c.Id != id))
            .ToDictionary(p => $"ParentCarers[{p.Index}].Id", _ => new[] { ForeignParentCarerId }, StringComparer.Ordinal);
        if (foreign.Count > 0)
        {
            throw new RequestValidationException(foreign);
        }

        return new(
            Route is null ? null : new ReferralRoute(Route.Kind!.Value, Blank(Route.Reference)),
            Referrer is null ? null : new Referrer(PlainText.Trimmed(Referrer.Name!), Referrer.Role!.Value, Referrer.FromTogetherForFamilies!.Value, Blank(Referrer.Team), Referrer.CurrentlyInvolved!.Value, Blank(Referrer.Email), Blank(Referrer.Phone)),
            Child is null ? null : new Child(PlainText.Trimmed(Child.Name!), Child.DateOfBirth!.Value, Child.BornPreterm ?? false, Child.GestationWeeks, Child.HasSend ?? false, Child.Autism ?? AutismStatus.No, Child.CareSetting ?? CareSetting.BirthFamily, Child.WillBeFilmed ?? true, Blank(Child.ExternalCaseId)),
            [.. sent.Select(p => new ParentCarer(p.Id ?? Guid.NewGuid(), PlainText.Trimmed(p.Name!), p.Relationship!.Value, p.TakesPart ?? true))],
            [.. (Concerns ?? []).Select(code => ConcernCategory.FromCode(code)!)],
            Blank(ConcernAccount),
            Readiness is null ? Domain.Referrals.Readiness.Unanswered : new Readiness(Readiness.AssessmentIndicatesVig, Blank(Readiness.AssessmentSummary), Readiness.ExplainerVideoShown, Readiness.ExplainerVideoShownOn, Readiness.ProfessionalNetworkConsulted, Readiness.ProfessionalNetworkAgrees),
            Views is null ? ParentCarerViews.Unanswered : new ParentCarerViews(Blank(Views.HopedForChange), Views.ChangeMutuallyAgreed, Blank(Views.ImpactOnChild), Views.ParentCarerClearAboutImpact));
    }

    /// <summary>Said of a parent/carer id that is not one of this referral's; the same whether or not it exists elsewhere.</summary>
    public const string ForeignParentCarerId =
        "This is not the id of one of this referral's parent/carers. Send back an id the service gave this referral, or leave the id out for a new parent or carer.";

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

/// <summary>
/// A parent or carer. The id is the service's: leave it out on create (and for someone new on
/// PUT); on PUT send back the id the service gave them, to keep their consents linked.
/// </summary>
public sealed record ParentCarerBody(Guid? Id, string? Name, Relationship? Relationship, bool? TakesPart);

public sealed record ReadinessBody(
    bool? AssessmentIndicatesVig,
    string? AssessmentSummary,
    bool? ExplainerVideoShown,
    DateOnly? ExplainerVideoShownOn,
    bool? ProfessionalNetworkConsulted,
    bool? ProfessionalNetworkAgrees);

public sealed record ViewsBody(string? HopedForChange, bool? ChangeMutuallyAgreed, string? ImpactOnChild, bool? ParentCarerClearAboutImpact);

/// <summary>A consent recorded on an existing referral: given by one of its parent/carers (by id), or by the child (no id).</summary>
public sealed record ConsentBody(Guid? ParentCarerId, ConsentKind? Kind, DateOnly? GivenOn);

/// <summary>
/// A consent already given, sent with a new referral's content (POST /referrals, POST /acceptance-checks).
/// The parent/carers of that content have no ids yet, so <paramref name="ParentCarerIndex"/> names
/// one by its zero-based position in the body's parentCarers; null means the child's own consent.
/// </summary>
public sealed record ConsentGivenBody(int? ParentCarerIndex, ConsentKind? Kind, DateOnly? GivenOn);
