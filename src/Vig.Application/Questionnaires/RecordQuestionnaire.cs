using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;

namespace Vig.Application.Questionnaires;

/// <summary>Keeps a questionnaire completed by one of the referral's parent/carers with the referral, scored on the version used.</summary>
public sealed record RecordQuestionnaire(Guid Id, int ExpectedVersion, QuestionnaireBody Body) : IRequest<ReferralResult>;

/// <summary>
/// A completed form: which questionnaire (and version; null for the current one), who completed it
/// and when, the answers, and whether it was completed before or after VIG (null: before).
/// </summary>
public sealed record QuestionnaireBody(string? QuestionnaireId, int? Version, Guid? ParentCarerId, DateOnly? CompletedOn, IReadOnlyList<AnswerBody?>? Answers, QuestionnaireTimepoint? Timepoint = null) : IAnswers;

public sealed class RecordQuestionnaireValidator : AbstractValidator<RecordQuestionnaire>
{
    public RecordQuestionnaireValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new QuestionnaireBodyValidator(calendar));
}

public sealed class QuestionnaireBodyValidator : AbstractValidator<QuestionnaireBody>
{
    public QuestionnaireBodyValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.QuestionnaireId).NotBlank().WithMessage("Give the questionnaire's id (GET /api/v1/questionnaires), e.g. prfq.")
            .SingleLine().MaximumLength(Questionnaire.IdMaxLength);
        RuleFor(x => x.ParentCarerId).NotNull().WithMessage("Give the id of the parent or carer of this referral who completed the questionnaire.");
        RuleFor(x => x.CompletedOn).NotNull().WithMessage("Give the date the questionnaire was completed (yyyy-mm-dd).")
            .HasHappened(calendar, "The date the questionnaire was completed");
        RuleFor(x => x.Timepoint).IsInEnum().When(x => x.Timepoint is not null).WithMessage("Give the timepoint as before or after, or leave it out for before.");
        Include(new AnswersValidator<QuestionnaireBody>());
    }
}

/// <summary>
/// A form before VIG is the referrer's (referrals.submit); a form after VIG is the VIG team's
/// (referrals.decide). The scope is checked before the referral is read, so a refusal changes nothing.
/// </summary>
public sealed class RecordQuestionnaireHandler(ReferralChanges changes, QuestionnaireCatalogue catalogue, ICurrentClient client) : IRequestHandler<RecordQuestionnaire, ReferralResult>
{
    public Task<ReferralResult> Handle(RecordQuestionnaire request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var timepoint = body.Timepoint ?? QuestionnaireTimepoint.Before;
        if (timepoint == QuestionnaireTimepoint.After && !client.HasScope(Scopes.Decide))
        {
            throw new DomainException(QuestionnaireErrors.AfterVigTeamOnly);
        }

        if (timepoint == QuestionnaireTimepoint.Before && !client.HasScope(Scopes.Submit))
        {
            throw new DomainException(QuestionnaireErrors.BeforeNeedsSubmit);
        }

        return changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.RecordQuestionnaire,
            (referral, stamp) => referral.RecordQuestionnaire(catalogue.Find(body.QuestionnaireId!, body.Version), timepoint, body.ParentCarerId!.Value, body.CompletedOn!.Value, ((IAnswers)body).ToAnswers(), stamp),
            cancellationToken);
    }
}
