using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Api.Security;
using Vig.Application.Common;
using Vig.Application.Questionnaires;
using Vig.Domain.Questionnaires;

namespace Vig.Api.Endpoints;

/// <summary>
/// The pre-assessment questionnaires: the versions (reference data, any client), the version for a
/// child's age, stateless scoring (referrals.submit, audited) and, in ReferralEndpoints, keeping a
/// completed form with a referral.
/// </summary>
internal static class QuestionnaireEndpoints
{
    public static RouteGroupBuilder MapQuestionnaires(this RouteGroupBuilder api)
    {
        var questionnaires = api.MapGroup("/questionnaires").WithTags("Questionnaires");

        questionnaires.MapGet("/", List)
            .RequireAuthorization(SecuritySetup.AnyClient)
            .WithName("ListQuestionnaires")
            .WithSummary("The pre-assessment questionnaire versions: ages, scale, subscales and reverse-scored items")
            .WithDescription("Items are numbers only: their wording is the authors' copyright and is never held or shown. The current version of each questionnaire is marked; older versions can still be scored and recorded.")
            .WithMetadata(new AnswersWithoutDatabase());

        questionnaires.MapGet("/for-child", ForChild)
            .RequireAuthorization(SecuritySetup.AnyClient)
            .WithName("FindQuestionnaireForChild")
            .WithSummary("The questionnaire version that fits a child's age today")
            .WithDescription("Age in whole years today in the council's calendar: the PRFQ up to the day before the 12th birthday, the PRFQ-A from the 12th birthday to the day before the 19th. Older: 404 questionnaire.none-for-age.")
            .WithMetadata(new AnswersWithoutDatabase())
            .ProducesProblems(StatusCodes.Status404NotFound);

        questionnaires.MapPost($"/{{id:maxlength({Questionnaire.IdMaxLength})}}/score", Score)
            .RequireAuthorization(Scopes.Submit)
            .WithName("ScoreQuestionnaire")
            .WithSummary("Score a completed form without storing it")
            .WithDescription("Every item of the version exactly once, each a whole number on its scale; anything else is a 422 (code questionnaire.answers-invalid) naming each item by its JSON path, and nothing is scored. Scores are descriptive, not diagnostic. The scoring is audited.")
            .WithMetadata(new OpenApiExample(OpenApiExample.PrfqAnswers))
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    private static async Task<Ok<IReadOnlyList<QuestionnaireResponse>>> List(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<QuestionnaireResponse>>([.. (await mediator.Send(new ListQuestionnaires(), ct)).Select(QuestionnaireResponse.From)]);

    private static async Task<Ok<QuestionnaireResponse>> ForChild([AsParameters] QuestionnaireForChildQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(QuestionnaireResponse.From(await mediator.Send(query.ToRequest(), ct)));

    private static async Task<Ok<QuestionnaireScoresResponse>> Score(string id, ScoreQuestionnaireRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(QuestionnaireScoresResponse.From(await mediator.Send(body.ToCommand(id), ct)));
}
