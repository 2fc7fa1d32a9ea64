using FluentValidation;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// Form, not completeness: each part that is sent must be well formed. Whether the referral
/// is complete enough to accept is the acceptance rules' job.
/// </summary>
public sealed class ReferralBodyValidator : AbstractValidator<ReferralBody>
{
    /// <summary>A phone number: digits, spaces, +, ( ) and -.</summary>
    public const string PhonePattern = "^[0-9 +()-]*$";

    public ReferralBodyValidator(ServiceCalendar calendar)
    {
        When(x => x.Route is not null, () =>
        {
            RuleFor(x => x.Route!.Kind).NotNull().WithMessage("Give the route: caseManagementDecision or foundationsForLife.");
            RuleFor(x => x.Route!.Reference).SingleLine().MaximumLength(ReferralRoute.ReferenceMaxLength);
        });

        When(x => x.Referrer is not null, () =>
        {
            RuleFor(x => x.Referrer!.Name).NotBlank().WithMessage("Give the referrer's name.").SingleLine().MaximumLength(Referrer.NameMaxLength);
            RuleFor(x => x.Referrer!.Role).NotNull().WithMessage("Give the referrer's role: healthVisitor, socialWorker, familyWorker or psychologist.");
            RuleFor(x => x.Referrer!.FromTogetherForFamilies).NotNull().WithMessage("Say whether the referrer works in a Together for Families service.");
            RuleFor(x => x.Referrer!.CurrentlyInvolved).NotNull().WithMessage("Say whether the referrer is involved with the family now.");
            RuleFor(x => x.Referrer!.Team).SingleLine().MaximumLength(Referrer.TeamMaxLength);
            RuleFor(x => x.Referrer!.Email).SingleLine();
            RuleFor(x => x.Referrer!.Email).MaximumLength(Referrer.EmailMaxLength).EmailAddress().When(x => !PlainText.IsBlank(x.Referrer!.Email)).WithMessage("Give a valid email address.");
            RuleFor(x => x.Referrer!.Phone).SingleLine().MaximumLength(Referrer.PhoneMaxLength).Matches(PhonePattern).WithMessage("Give a phone number of digits, spaces, +, ( ) and -.");
        });

        When(x => x.Child is not null, () =>
        {
            RuleFor(x => x.Child!.Name).NotBlank().WithMessage("Give the child's name.").SingleLine().MaximumLength(Child.NameMaxLength);
            RuleFor(x => x.Child!.DateOfBirth).NotNull().WithMessage("Give the child's date of birth (yyyy-mm-dd).")
                .HasHappened(calendar, "The date of birth");
            RuleFor(x => x.Child!.GestationWeeks).InclusiveBetween(Child.MinGestationWeeks, Child.MaxGestationWeeks)
                .WithMessage($"Give the gestation in whole weeks, {Child.MinGestationWeeks} to {Child.MaxGestationWeeks}.");
            RuleFor(x => x.Child!.ExternalCaseId).SingleLine().MaximumLength(Child.ExternalCaseIdMaxLength);
        });

        RuleForEach(x => x.ParentCarers).NotNull().WithMessage("Remove the null: each parent or carer is an object with a name and a relationship.");
        RuleFor(x => x.ParentCarers).Must(p => p!.Count <= ReferralDetails.MaxParentCarers).When(x => x.ParentCarers is not null)
            .WithMessage($"Name at most {ReferralDetails.MaxParentCarers} parents or carers.");
        RuleFor(x => x.ParentCarers).Must(p => p!.Where(c => c?.Id is not null).GroupBy(c => c!.Id).All(g => g.Count() == 1)).When(x => x.ParentCarers is not null)
            .WithMessage("Each parent or carer id may appear once.");
        RuleForEach(x => x.ParentCarers).ChildRules(parent =>
        {
            parent.RuleFor(p => p.Name).NotBlank().WithMessage("Give the parent or carer's name.").SingleLine().MaximumLength(ParentCarer.NameMaxLength);
            parent.RuleFor(p => p.Relationship).NotNull().WithMessage("Give the relationship: mother, father, fosterCarer, adoptiveParent or other.");
        });

        RuleFor(x => x.Concerns).Must(c => c!.Count <= ConcernCategory.All.Count).When(x => x.Concerns is not null)
            .WithMessage($"Name each concern once: at most {ConcernCategory.All.Count}.");
        RuleForEach(x => x.Concerns).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Remove the null: each concern is a code from GET /api/v1/concern-categories.")
            .SingleLine()
            .Must(code => ConcernCategory.FromCode(code) is not null).WithMessage("Use a code from GET /api/v1/concern-categories.");
        RuleFor(x => x.ConcernAccount).MultiLine().MaximumLength(ReferralDetails.ConcernAccountMaxLength);

        When(x => x.Readiness is not null, () =>
        {
            RuleFor(x => x.Readiness!.AssessmentSummary).MultiLine().MaximumLength(Readiness.SummaryMaxLength);
            RuleFor(x => x.Readiness!.ExplainerVideoShownOn).HasHappened(calendar, "The date the explainer video was shown")
                .Must((body, shownOn) => !(shownOn < body.Child?.DateOfBirth))
                .WithMessage("The explainer video cannot have been shown before the child's date of birth; check both dates.");
        });

        When(x => x.Views is not null, () =>
        {
            RuleFor(x => x.Views!.HopedForChange).MultiLine().MaximumLength(ParentCarerViews.AnswerMaxLength);
            RuleFor(x => x.Views!.ImpactOnChild).MultiLine().MaximumLength(ParentCarerViews.AnswerMaxLength);
        });
    }
}
