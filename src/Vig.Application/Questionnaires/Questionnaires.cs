using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Questionnaires;

namespace Vig.Application.Questionnaires;

/// <summary>Every questionnaire version the service knows, current ones marked.</summary>
public sealed record ListQuestionnaires : IRequest<IReadOnlyList<QuestionnaireView>>;

public sealed class ListQuestionnairesHandler(QuestionnaireCatalogue catalogue) : IRequestHandler<ListQuestionnaires, IReadOnlyList<QuestionnaireView>>
{
    public Task<IReadOnlyList<QuestionnaireView>> Handle(ListQuestionnaires request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QuestionnaireView>>([.. catalogue.All.Select(q => new QuestionnaireView(q, catalogue.Current.Contains(q)))]);
}

/// <summary>The current questionnaire version for a child born on <paramref name="DateOfBirth"/>, by their age today in the council's calendar.</summary>
public sealed record FindQuestionnaireForChild(DateOnly? DateOfBirth) : IRequest<QuestionnaireView>;

public sealed class FindQuestionnaireForChildValidator : AbstractValidator<FindQuestionnaireForChild>
{
    public FindQuestionnaireForChildValidator(ServiceCalendar calendar) =>
        RuleFor(x => x.DateOfBirth).NotNull().WithMessage("Give the child's date of birth (yyyy-mm-dd).")
            .HasHappened(calendar, "The date of birth");
}

public sealed class FindQuestionnaireForChildHandler(QuestionnaireCatalogue catalogue, ServiceCalendar calendar) : IRequestHandler<FindQuestionnaireForChild, QuestionnaireView>
{
    public Task<QuestionnaireView> Handle(FindQuestionnaireForChild request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new QuestionnaireView(catalogue.ForChild(request.DateOfBirth!.Value, calendar.Today), IsCurrent: true));
    }
}

/// <summary>Scores one completed form without storing anything; the scoring is audited, as it handles a parent's answers.</summary>
public sealed record ScoreQuestionnaire(string Id, AnswersBody Body) : IRequest<QuestionnaireScoresView>;

public sealed class ScoreQuestionnaireValidator : AbstractValidator<ScoreQuestionnaire>
{
    public ScoreQuestionnaireValidator() => RuleFor(x => x.Body).NotNull().SetValidator(new AnswersValidator<AnswersBody>());
}

public sealed class ScoreQuestionnaireHandler(QuestionnaireCatalogue catalogue, IAuditTrail audit) : IRequestHandler<ScoreQuestionnaire, QuestionnaireScoresView>
{
    public async Task<QuestionnaireScoresView> Handle(ScoreQuestionnaire request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var questionnaire = catalogue.Find(request.Id, request.Body.Version);
        var scores = questionnaire.Score(((IAnswers)request.Body).ToAnswers());
        await audit.RecordReadAsync(AuditActions.ScoreQuestionnaire, null, cancellationToken);
        return new QuestionnaireScoresView(questionnaire.Id, questionnaire.Version, scores);
    }
}

/// <summary>
/// Answers to one questionnaire version: <paramref name="Version"/> null means the current one.
/// Items and answers are nullable so that a missing one is named as missing (400) rather than read as 0.
/// </summary>
public sealed record AnswersBody(int? Version, IReadOnlyList<AnswerBody?>? Answers) : IAnswers;

/// <summary>Answers to a questionnaire version, as sent for scoring or recording.</summary>
public interface IAnswers
{
    /// <summary>The version answered; null for the current one.</summary>
    int? Version { get; }

    IReadOnlyList<AnswerBody?>? Answers { get; }

    /// <summary>The answers as the questionnaire scores them (after validation: none is null).</summary>
    IReadOnlyList<ItemAnswer> ToAnswers() => [.. Answers!.Select(a => new ItemAnswer(a!.Item!.Value, a.Answer!.Value))];
}

public sealed record AnswerBody(int? Item, int? Answer);

/// <summary>Form only: every answer present with an item number and a value. Whether they make one complete form of the version is the questionnaire's check (422).</summary>
public sealed class AnswersValidator<T> : AbstractValidator<T>
    where T : IAnswers
{
    public AnswersValidator()
    {
        RuleFor(x => x.Version).InclusiveBetween(1, Questionnaire.MaxVersion).When(x => x.Version is not null)
            .WithMessage($"Give the version as a whole number from 1 to {Questionnaire.MaxVersion}, or leave it out for the current one.");
        RuleFor(x => x.Answers).NotNull().WithMessage("Give the answers: one { item, answer } per item of the questionnaire.")
            .Must(a => a is null || a.Count <= Questionnaire.MaxItems).WithMessage($"Give at most {Questionnaire.MaxItems} answers, one per item.");
        RuleForEach(x => x.Answers).NotNull().WithMessage("Give an { item, answer } object here, or remove the null.")
            .ChildRules(answer =>
            {
                answer.RuleFor(a => a!.Item).NotNull().WithMessage("Give the item's number.");
                answer.RuleFor(a => a!.Answer).NotNull().WithMessage("Give the answer to this item, a whole number on the questionnaire's scale.");
            });
    }
}

/// <summary>A questionnaire version, and whether it is the current version of its questionnaire.</summary>
public sealed record QuestionnaireView(Questionnaire Questionnaire, bool IsCurrent);

/// <summary>The scores of one completed form, with the version they were worked out on.</summary>
public sealed record QuestionnaireScoresView(string QuestionnaireId, int Version, IReadOnlyList<SubscaleScore> Subscales);
