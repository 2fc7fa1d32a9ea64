using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;
using Vig.Application.Referrals;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

// Request bodies as clients send them. Limits are documented from the same constants the validators
// enforce; the attributes only document (the validators in Vig.Application decide). Everything may be
// left out of a draft, so only what a sent part cannot do without is marked required.

/// <summary>
/// A referral's content. Any part may be left out of a draft; the acceptance rules then say what is
/// missing. A part that is sent must be well formed.
/// </summary>
public record ReferralRequest
{
    /// <summary>How the request for VIG reached the service.</summary>
    public RouteRequest? Route { get; init; }

    /// <summary>The professional making the referral.</summary>
    public ReferrerRequest? Referrer { get; init; }

    /// <summary>The one child the referral is about.</summary>
    public ChildRequest? Child { get; init; }

    /// <summary>The child's parents or carers. On an edit, send back the ids the service gave them to keep their consents linked.</summary>
    [MaxLength(Model.ReferralDetails.MaxParentCarers)]
    public IReadOnlyList<ParentCarerRequest>? ParentCarers { get; init; }

    /// <summary>Codes from GET /api/v1/concern-categories.</summary>
    [MaxItemsOf(Catalogue.ConcernCategories)]
    [ItemMaxLength(Model.ConcernCategory.CodeMaxLength)]
    public IReadOnlyList<string>? Concerns { get; init; }

    /// <summary>How communication, interaction or relationships are not developing as expected, in the referrer's words.</summary>
    [MaxLength(Model.ReferralDetails.ConcernAccountMaxLength)]
    public string? ConcernAccount { get; init; }

    /// <summary>What the referrer considered before requesting VIG.</summary>
    public ReadinessRequest? Readiness { get; init; }

    /// <summary>The parent or carer's own answers.</summary>
    public ViewsRequest? Views { get; init; }

    /// <summary>The content as the use cases take it.</summary>
    internal ReferralBody ToBody() => ToBody<ReferralBody>();

    /// <summary>The content as a use case's body type that extends it.</summary>
    private protected T ToBody<T>()
        where T : ReferralBody, new() => new()
    {
        Route = Route?.ToBody(),
        Referrer = Referrer?.ToBody(),
        Child = Child?.ToBody(),
        ParentCarers = ParentCarers?.Select(p => p?.ToBody()!).ToList(),
        Concerns = Concerns,
        ConcernAccount = ConcernAccount,
        Readiness = Readiness?.ToBody(),
        Views = Views?.ToBody(),
    };
}

/// <summary>
/// A new referral's content with the consents already given: the body of POST /referrals and of
/// POST /acceptance-checks, so that a check and a create of the same body agree.
/// </summary>
public abstract record NewReferralRequest : ReferralRequest
{
    /// <summary>
    /// Consents already given, in the order to record them. A consent names its parent or carer by
    /// position in parentCarers (parent/carers get their ids from the service); without them the
    /// consent rules are reported as missing.
    /// </summary>
    [MaxLength(NewReferralContent.MaxConsents)]
    public IReadOnlyList<ConsentGivenRequest>? Consents { get; init; }

    /// <summary>The content and consents as the use cases take them.</summary>
    internal NewReferralContent ToContent() => ToBody<NewReferralContent>() with
    {
        Consents = Consents?.Select(c => c?.ToBody()!).ToList(),
    };
}

/// <summary>The body of POST /referrals: the content, the consents already given, and whether to submit at once.</summary>
public sealed record CreateReferralRequest : NewReferralRequest
{
    /// <summary>True to submit at once (the acceptance rules are evaluated and stored); false or absent for a draft.</summary>
    public bool Submit { get; init; }

    /// <summary>The use case: create, and submit if asked.</summary>
    internal CreateReferral ToCommand() => new(ToContent(), Submit);
}

/// <summary>The body of POST /acceptance-checks: a referral's content and the consents already given.</summary>
public sealed record AcceptanceCheckRequest : NewReferralRequest
{
    /// <summary>The use case: evaluate, storing nothing.</summary>
    internal CheckAcceptance ToCommand() => new(ToContent());
}

/// <summary>A consent given before the referral exists, sent with its content.</summary>
public sealed record ConsentGivenRequest
{
    /// <summary>The position (from 0) in parentCarers of the parent or carer who consented; leave it out when the child consented.</summary>
    [Range(0, Model.ReferralDetails.MaxParentCarers - 1)]
    public int? ParentCarerIndex { get; init; }

    /// <summary>What the consent is to.</summary>
    [Required]
    public ConsentKind? Kind { get; init; }

    /// <summary>The date the consent was given (yyyy-mm-dd), not in the future nor before the child's birth.</summary>
    [Required]
    public DateOnly? GivenOn { get; init; }

    internal ConsentGivenBody ToBody() => new(ParentCarerIndex, Kind.ToOrNull<Model.ConsentKind>(), GivenOn);
}

/// <summary>The route by which the request for VIG reached the service.</summary>
public sealed record RouteRequest
{
    /// <summary>The route: a Case Management Decision or a Foundations For Life plan.</summary>
    [Required]
    public RouteKind? Kind { get; init; }

    /// <summary>The source system's own reference of the CMD or FFL plan.</summary>
    [MaxLength(Model.ReferralRoute.ReferenceMaxLength)]
    public string? Reference { get; init; }

    internal RouteBody ToBody() => new(Kind.ToOrNull<Model.RouteKind>(), Reference);
}

/// <summary>The professional making the referral.</summary>
public sealed record ReferrerRequest
{
    /// <summary>The referrer's full name.</summary>
    [Required]
    [MaxLength(Model.Referrer.NameMaxLength)]
    public string? Name { get; init; }

    /// <summary>The referrer's professional role.</summary>
    [Required]
    public ReferrerRole? Role { get; init; }

    /// <summary>Whether the referrer works in a Together for Families service.</summary>
    [Required]
    public bool? FromTogetherForFamilies { get; init; }

    /// <summary>The referrer's team.</summary>
    [MaxLength(Model.Referrer.TeamMaxLength)]
    public string? Team { get; init; }

    /// <summary>Whether the referrer is involved with the family now.</summary>
    [Required]
    public bool? CurrentlyInvolved { get; init; }

    /// <summary>The referrer's work email address.</summary>
    [MaxLength(Model.Referrer.EmailMaxLength)]
    [EmailAddress]
    public string? Email { get; init; }

    /// <summary>The referrer's work phone number: digits, spaces, +, ( ) and -.</summary>
    [MaxLength(Model.Referrer.PhoneMaxLength)]
    [RegularExpression(ReferralBodyValidator.PhonePattern)]
    public string? Phone { get; init; }

    internal ReferrerBody ToBody() => new(Name, Role.ToOrNull<Model.ReferrerRole>(), FromTogetherForFamilies, Team, CurrentlyInvolved, Email, Phone);
}

/// <summary>The one child the referral is about.</summary>
public sealed record ChildRequest
{
    /// <summary>The child's full name.</summary>
    [Required]
    [MaxLength(Model.Child.NameMaxLength)]
    public string? Name { get; init; }

    /// <summary>The child's date of birth (yyyy-mm-dd), not in the future.</summary>
    [Required]
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Whether the child was born before 37 weeks; false when absent.</summary>
    public bool? BornPreterm { get; init; }

    /// <summary>For a child born preterm: the gestation in whole weeks.</summary>
    [Range(Model.Child.MinGestationWeeks, Model.Child.MaxGestationWeeks)]
    public int? GestationWeeks { get; init; }

    /// <summary>Whether the child has special educational needs and disabilities (SEND); false when absent.</summary>
    public bool? HasSend { get; init; }

    /// <summary>Whether the child is autistic; no when absent.</summary>
    public AutismStatus? Autism { get; init; }

    /// <summary>Where the child lives; birthFamily when absent.</summary>
    public CareSetting? CareSetting { get; init; }

    /// <summary>Whether the child will be filmed with the parent or carer; true when absent.</summary>
    public bool? WillBeFilmed { get; init; }

    /// <summary>The case-management system's own id for the child's case.</summary>
    [MaxLength(Model.Child.ExternalCaseIdMaxLength)]
    public string? ExternalCaseId { get; init; }

    internal ChildBody ToBody() => new(
        Name, DateOfBirth, BornPreterm, GestationWeeks, HasSend, Autism.ToOrNull<Model.AutismStatus>(), CareSetting.ToOrNull<Model.CareSetting>(), WillBeFilmed, ExternalCaseId);
}

/// <summary>A parent or carer of the child.</summary>
public sealed record ParentCarerRequest
{
    /// <summary>The id the service gave this parent or carer; leave it out for a new one.</summary>
    public Guid? Id { get; init; }

    /// <summary>The parent or carer's full name.</summary>
    [Required]
    [MaxLength(Model.ParentCarer.NameMaxLength)]
    public string? Name { get; init; }

    /// <summary>Their relationship to the child.</summary>
    [Required]
    public Relationship? Relationship { get; init; }

    /// <summary>Whether they take part in the VIG work; true when absent.</summary>
    public bool? TakesPart { get; init; }

    internal ParentCarerBody ToBody() => new(Id, Name, Relationship.ToOrNull<Model.Relationship>(), TakesPart);
}

/// <summary>What the referrer is asked to consider before requesting VIG. Absent answers are not yet given.</summary>
public sealed record ReadinessRequest
{
    /// <summary>Whether the family assessment indicates VIG.</summary>
    public bool? AssessmentIndicatesVig { get; init; }

    /// <summary>What the assessment found, in brief.</summary>
    [MaxLength(Model.Readiness.SummaryMaxLength)]
    public string? AssessmentSummary { get; init; }

    /// <summary>Whether the parent or carer has been shown the VIG explainer video.</summary>
    public bool? ExplainerVideoShown { get; init; }

    /// <summary>The date the explainer video was shown (yyyy-mm-dd), not in the future.</summary>
    public DateOnly? ExplainerVideoShownOn { get; init; }

    /// <summary>Whether the professional network around the family was consulted.</summary>
    public bool? ProfessionalNetworkConsulted { get; init; }

    /// <summary>Whether that network agrees VIG is right now.</summary>
    public bool? ProfessionalNetworkAgrees { get; init; }

    internal ReadinessBody ToBody() => new(AssessmentIndicatesVig, AssessmentSummary, ExplainerVideoShown, ExplainerVideoShownOn, ProfessionalNetworkConsulted, ProfessionalNetworkAgrees);
}

/// <summary>The parent or carer's own answers. Absent answers are not yet given.</summary>
public sealed record ViewsRequest
{
    /// <summary>The change the parent or carer hopes for, in their words.</summary>
    [MaxLength(Model.ParentCarerViews.AnswerMaxLength)]
    public string? HopedForChange { get; init; }

    /// <summary>Whether that change is agreed between parent or carer and referrer.</summary>
    public bool? ChangeMutuallyAgreed { get; init; }

    /// <summary>The impact on the child the parent or carer hopes for.</summary>
    [MaxLength(Model.ParentCarerViews.AnswerMaxLength)]
    public string? ImpactOnChild { get; init; }

    /// <summary>Whether the parent or carer is clear about that impact.</summary>
    public bool? ParentCarerClearAboutImpact { get; init; }

    internal ViewsBody ToBody() => new(HopedForChange, ChangeMutuallyAgreed, ImpactOnChild, ParentCarerClearAboutImpact);
}

/// <summary>A consent given by a parent or carer of the referral, or by the child (no parentCarerId).</summary>
public sealed record ConsentRequest
{
    /// <summary>The id of the parent or carer who consented; leave it out when the child consented.</summary>
    public Guid? ParentCarerId { get; init; }

    /// <summary>What the consent is to.</summary>
    [Required]
    public ConsentKind? Kind { get; init; }

    /// <summary>The date the consent was given (yyyy-mm-dd), not in the future nor before the child's birth.</summary>
    [Required]
    public DateOnly? GivenOn { get; init; }

    internal ConsentBody ToBody() => new(ParentCarerId, Kind.ToOrNull<Model.ConsentKind>(), GivenOn);
}
