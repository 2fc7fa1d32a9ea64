using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Common;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

// Request bodies as clients send them, parsed once at the edge (docs/decisions/0022): each body's
// validator (below) runs, then the body maps straight to the domain's types. Limits are documented
// from the same constants the validators enforce; the attributes only document (the validators
// decide). Everything may be left out of a draft, so only what a sent part cannot do without is
// marked required.

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

    /// <summary>
    /// The content as the domain's values (after validation). A parent/carer sent without an id is
    /// new and gets a fresh id here; one sent with an id keeps it (the use case checks it is the referral's).
    /// </summary>
    internal Model.ReferralDetails ToDetails() => new(
        Route?.ToRoute(),
        Referrer?.ToReferrer(),
        Child?.ToChild(),
        [.. (ParentCarers ?? []).Select(p => p.ToParentCarer())],
        [.. (Concerns ?? []).Select(code => Model.ConcernCategory.FromCode(code)!)],
        Blank(ConcernAccount),
        Readiness?.ToReadiness() ?? Model.Readiness.Unanswered,
        Views?.ToViews() ?? Model.ParentCarerViews.Unanswered);

    /// <summary>The use case: replace the content of referral <paramref name="id"/> at <paramref name="expectedVersion"/>.</summary>
    internal UpdateReferral ToCommand(Guid id, int expectedVersion) =>
        new(id, expectedVersion, ToDetails(), (ParentCarers ?? []).Where(p => p.Id is not null).Select(p => p.Id!.Value).ToHashSet());

    /// <summary>Optional text left blank (whitespace or invisible characters only) is stored as absent.</summary>
    internal static string? Blank(string? value) => PlainText.TrimmedOrNull(value);
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
    [MaxLength(NewReferral.MaxConsents)]
    public IReadOnlyList<ConsentGivenRequest>? Consents { get; init; }

    /// <summary>The content and consents as the domain's values (after validation).</summary>
    internal NewReferral ToNewReferral() => new(ToDetails(), [.. (Consents ?? []).Select(c => c.ToGivenConsent())]);
}

/// <summary>The body of POST /referrals: the content, the consents already given, and whether to submit at once.</summary>
public sealed record CreateReferralRequest : NewReferralRequest
{
    /// <summary>True to submit at once (the acceptance rules are evaluated and stored); false or absent for a draft.</summary>
    public bool Submit { get; init; }

    /// <summary>The use case: create, and submit if asked.</summary>
    internal CreateReferral ToCommand() => new(ToNewReferral(), Submit);
}

/// <summary>The body of POST /acceptance-checks: a referral's content and the consents already given.</summary>
public sealed record AcceptanceCheckRequest : NewReferralRequest
{
    /// <summary>The use case: evaluate, storing nothing.</summary>
    internal CheckAcceptance ToCommand() => new(ToNewReferral());
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

    internal GivenConsent ToGivenConsent() => new(ParentCarerIndex, Kind!.Value.To<Model.ConsentKind>(), GivenOn!.Value);
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

    internal Model.ReferralRoute ToRoute() => new(Kind!.Value.To<Model.RouteKind>(), ReferralRequest.Blank(Reference));
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
    [RegularExpression(ReferralRequestValidator.PhonePattern)]
    public string? Phone { get; init; }

    internal Model.Referrer ToReferrer() => new(
        PlainText.Trimmed(Name!), Role!.Value.To<Model.ReferrerRole>(), FromTogetherForFamilies!.Value, ReferralRequest.Blank(Team), CurrentlyInvolved!.Value, ReferralRequest.Blank(Email), ReferralRequest.Blank(Phone));
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

    /// <summary>The child as the domain's value (after validation), answers left out taking the usual case.</summary>
    internal Model.Child ToChild() => new(
        PlainText.Trimmed(Name!),
        DateOfBirth!.Value,
        BornPreterm ?? false,
        GestationWeeks,
        HasSend ?? false,
        Autism?.To<Model.AutismStatus>() ?? Model.AutismStatus.No,
        CareSetting?.To<Model.CareSetting>() ?? Model.CareSetting.BirthFamily,
        WillBeFilmed ?? true,
        ReferralRequest.Blank(ExternalCaseId));
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

    /// <summary>The parent or carer as the domain's value: one sent without an id is new and gets a fresh id.</summary>
    internal Model.ParentCarer ToParentCarer() => new(Id ?? Guid.NewGuid(), PlainText.Trimmed(Name!), Relationship!.Value.To<Model.Relationship>(), TakesPart ?? true);
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

    internal Model.Readiness ToReadiness() => new(AssessmentIndicatesVig, ReferralRequest.Blank(AssessmentSummary), ExplainerVideoShown, ExplainerVideoShownOn, ProfessionalNetworkConsulted, ProfessionalNetworkAgrees);
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

    internal Model.ParentCarerViews ToViews() => new(ReferralRequest.Blank(HopedForChange), ChangeMutuallyAgreed, ReferralRequest.Blank(ImpactOnChild), ParentCarerClearAboutImpact);
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

    /// <summary>The use case: record this consent on referral <paramref name="id"/> at <paramref name="expectedVersion"/> (after validation).</summary>
    internal RecordConsent ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, ParentCarerId, Kind!.Value.To<Model.ConsentKind>(), GivenOn!.Value);
}

/// <summary>
/// Form, not completeness: each part of a referral's content that is sent must be well formed.
/// Whether the referral is complete enough to accept is the acceptance rules' job.
/// </summary>
internal sealed class ReferralRequestValidator : AbstractValidator<ReferralRequest>
{
    /// <summary>A phone number: digits, spaces, +, ( ) and -.</summary>
    public const string PhonePattern = "^[0-9 +()-]*$";

    public ReferralRequestValidator(ServiceCalendar calendar)
    {
        When(x => x.Route is not null, () =>
        {
            RuleFor(x => x.Route!.Kind).NotNull().WithMessage("Give the route: caseManagementDecision or foundationsForLife.");
            RuleFor(x => x.Route!.Reference).SingleLine().MaximumLength(Model.ReferralRoute.ReferenceMaxLength);
        });

        When(x => x.Referrer is not null, () =>
        {
            RuleFor(x => x.Referrer!.Name).NotBlank().WithMessage("Give the referrer's name.").SingleLine().MaximumLength(Model.Referrer.NameMaxLength);
            RuleFor(x => x.Referrer!.Role).NotNull().WithMessage("Give the referrer's role: healthVisitor, socialWorker, familyWorker or psychologist.");
            RuleFor(x => x.Referrer!.FromTogetherForFamilies).NotNull().WithMessage("Say whether the referrer works in a Together for Families service.");
            RuleFor(x => x.Referrer!.CurrentlyInvolved).NotNull().WithMessage("Say whether the referrer is involved with the family now.");
            RuleFor(x => x.Referrer!.Team).SingleLine().MaximumLength(Model.Referrer.TeamMaxLength);
            RuleFor(x => x.Referrer!.Email).SingleLine();
            RuleFor(x => x.Referrer!.Email).MaximumLength(Model.Referrer.EmailMaxLength).EmailAddress().When(x => !PlainText.IsBlank(x.Referrer!.Email)).WithMessage("Give a valid email address.");
            RuleFor(x => x.Referrer!.Phone).SingleLine().MaximumLength(Model.Referrer.PhoneMaxLength).Matches(PhonePattern).WithMessage("Give a phone number of digits, spaces, +, ( ) and -.");
        });

        When(x => x.Child is not null, () =>
        {
            RuleFor(x => x.Child!.Name).NotBlank().WithMessage("Give the child's name.").SingleLine().MaximumLength(Model.Child.NameMaxLength);
            RuleFor(x => x.Child!.DateOfBirth).NotNull().WithMessage("Give the child's date of birth (yyyy-mm-dd).")
                .HasHappened(calendar, "The date of birth");
            RuleFor(x => x.Child!.GestationWeeks).InclusiveBetween(Model.Child.MinGestationWeeks, Model.Child.MaxGestationWeeks)
                .WithMessage($"Give the gestation in whole weeks, {Model.Child.MinGestationWeeks} to {Model.Child.MaxGestationWeeks}.");
            RuleFor(x => x.Child!.ExternalCaseId).SingleLine().MaximumLength(Model.Child.ExternalCaseIdMaxLength);
        });

        RuleForEach(x => x.ParentCarers).NotNull().WithMessage("Remove the null: each parent or carer is an object with a name and a relationship.");
        RuleFor(x => x.ParentCarers).Must(p => p!.Count <= Model.ReferralDetails.MaxParentCarers).When(x => x.ParentCarers is not null)
            .WithMessage($"Name at most {Model.ReferralDetails.MaxParentCarers} parents or carers.");
        RuleFor(x => x.ParentCarers).Must(p => p!.Where(c => c?.Id is not null).GroupBy(c => c!.Id).All(g => g.Count() == 1)).When(x => x.ParentCarers is not null)
            .WithMessage("Each parent or carer id may appear once.");
        RuleForEach(x => x.ParentCarers).ChildRules(parent =>
        {
            parent.RuleFor(p => p.Name).NotBlank().WithMessage("Give the parent or carer's name.").SingleLine().MaximumLength(Model.ParentCarer.NameMaxLength);
            parent.RuleFor(p => p.Relationship).NotNull().WithMessage("Give the relationship: mother, father, fosterCarer, adoptiveParent or other.");
        });

        RuleFor(x => x.Concerns).Must(c => c!.Count <= Model.ConcernCategory.All.Count).When(x => x.Concerns is not null)
            .WithMessage($"Name each concern once: at most {Model.ConcernCategory.All.Count}.");
        RuleForEach(x => x.Concerns).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Remove the null: each concern is a code from GET /api/v1/concern-categories.")
            .SingleLine()
            .Must(code => Model.ConcernCategory.FromCode(code) is not null).WithMessage("Use a code from GET /api/v1/concern-categories.");
        RuleFor(x => x.ConcernAccount).MultiLine().MaximumLength(Model.ReferralDetails.ConcernAccountMaxLength);

        When(x => x.Readiness is not null, () =>
        {
            RuleFor(x => x.Readiness!.AssessmentSummary).MultiLine().MaximumLength(Model.Readiness.SummaryMaxLength);
            RuleFor(x => x.Readiness!.ExplainerVideoShownOn).HasHappened(calendar, "The date the explainer video was shown")
                .Must((body, shownOn) => !(shownOn < body.Child?.DateOfBirth))
                .WithMessage("The explainer video cannot have been shown before the child's date of birth; check both dates.");
        });

        When(x => x.Views is not null, () =>
        {
            RuleFor(x => x.Views!.HopedForChange).MultiLine().MaximumLength(Model.ParentCarerViews.AnswerMaxLength);
            RuleFor(x => x.Views!.ImpactOnChild).MultiLine().MaximumLength(Model.ParentCarerViews.AnswerMaxLength);
        });
    }
}

/// <summary>
/// Form, as for any referral content, and what is particular to a new one: parent/carers carry no
/// id yet, and each consent names a parent/carer of this body by a position that exists.
/// </summary>
internal abstract class NewReferralRequestValidator<T> : AbstractValidator<T>
    where T : NewReferralRequest
{
    protected NewReferralRequestValidator(ServiceCalendar calendar)
    {
        Include(new ReferralRequestValidator(calendar));

        RuleForEach(x => x.ParentCarers).ChildRules(parent =>
            parent.RuleFor(p => p.Id).Null()
                .WithMessage("Leave the id out: the service gives each parent or carer its id, returned in the answer (send it back on PUT)."))
            .When(x => x.ParentCarers is not null);

        RuleFor(x => x.Consents).Must(c => c!.Count <= NewReferral.MaxConsents).When(x => x.Consents is not null)
            .WithMessage($"Send at most {NewReferral.MaxConsents} consents.");
        RuleForEach(x => x.Consents).NotNull().WithMessage("Remove the null: each consent is an object with a kind and the date it was given.")
            .SetValidator(new ConsentGivenRequestValidator(calendar));

        // A stored referral's own RecordConsent refuses these too; here the field can be named.
        RuleFor(x => x.Consents).Custom((consents, context) =>
        {
            var body = context.InstanceToValidate;
            var born = body.Child?.DateOfBirth;
            var parents = body.ParentCarers?.Count ?? 0;
            for (var i = 0; i < (consents?.Count ?? 0); i++)
            {
                if (consents![i]?.GivenOn < born)
                {
                    context.AddFailure($"Consents[{i}].GivenOn", "A consent cannot be given before the child's date of birth; check both dates.");
                }

                if (consents[i]?.ParentCarerIndex is { } index && (index < 0 || index >= parents))
                {
                    context.AddFailure($"Consents[{i}].ParentCarerIndex", parents == 0
                        ? "The body names no parent or carer: leave parentCarerIndex out for the child's own consent, or add the parent or carer to parentCarers."
                        : $"Give the position of the parent or carer in parentCarers, 0 to {parents - 1}; leave it out for the child's own consent.");
                }
            }
        });
    }
}

internal sealed class CreateReferralRequestValidator(ServiceCalendar calendar) : NewReferralRequestValidator<CreateReferralRequest>(calendar);

internal sealed class AcceptanceCheckRequestValidator(ServiceCalendar calendar) : NewReferralRequestValidator<AcceptanceCheckRequest>(calendar);

internal sealed class ConsentGivenRequestValidator : AbstractValidator<ConsentGivenRequest>
{
    public ConsentGivenRequestValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Give the kind of consent: takePartInVig or beFilmed.");
        RuleFor(x => x.GivenOn).NotNull().WithMessage("Give the date the consent was given (yyyy-mm-dd).")
            .HasHappened(calendar, "The date the consent was given");
    }
}

internal sealed class ConsentRequestValidator : AbstractValidator<ConsentRequest>
{
    public ConsentRequestValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Give the kind of consent: takePartInVig or beFilmed.");
        RuleFor(x => x.GivenOn).NotNull().WithMessage("Give the date the consent was given (yyyy-mm-dd).")
            .HasHappened(calendar, "The date the consent was given");
    }
}
