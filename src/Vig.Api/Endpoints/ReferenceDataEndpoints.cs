using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Api.OpenApi;
using Vig.Api.Security;
using Vig.Application.ReferenceData;

namespace Vig.Api.Endpoints;

internal static class ReferenceDataEndpoints
{
    public static RouteGroupBuilder MapReferenceData(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).WithTags("Reference data").RequireAuthorization(SecuritySetup.AnyClient);

        group.MapGet("/concern-categories", ConcernCategories)
            .WithName("ListConcernCategories")
            .WithSummary("The ten kinds of concern a referral can name")
            .WithDescription("Each category has a stable code to send in a referral's concerns, a short title and a description in the service's words.");

        group.MapGet("/acceptance-rules", AcceptanceRules)
            .WithName("ListAcceptanceRules")
            .WithSummary("The acceptance rules in force: code, kind, criterion and policy version")
            .WithDescription("Eligibility rules not met mean the service cannot accept; information rules not met mean the referrer must say more. Codes are stable.")
            .WithMetadata(new AnswersWithoutDatabase());

        group.MapGet("/referral-routes", ReferralRoutes)
            .WithName("ListReferralRoutes")
            .WithSummary("The routes through which requests for VIG are taken (CMD, FFL)")
            .WithMetadata(new AnswersWithoutDatabase());

        group.MapGet("/decline-reasons", DeclineReasons)
            .WithName("ListDeclineReasons")
            .WithSummary("The coded reasons for declining a referral");

        return api;
    }

    private static async Task<Ok<IReadOnlyList<ConcernCategoryResponse>>> ConcernCategories(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ConcernCategoryResponse>>([.. (await mediator.Send(new ListConcernCategories(), ct)).Select(ConcernCategoryResponse.From)]);

    private static async Task<Ok<IReadOnlyList<AcceptanceRuleResponse>>> AcceptanceRules(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<AcceptanceRuleResponse>>([.. (await mediator.Send(new ListAcceptanceRules(), ct)).Select(AcceptanceRuleResponse.From)]);

    private static async Task<Ok<IReadOnlyList<ReferralRouteResponse>>> ReferralRoutes(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ReferralRouteResponse>>([.. (await mediator.Send(new ListReferralRoutes(), ct)).Select(ReferralRouteResponse.From)]);

    private static async Task<Ok<IReadOnlyList<DeclineReasonResponse>>> DeclineReasons(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DeclineReasonResponse>>([.. (await mediator.Send(new ListDeclineReasons(), ct)).Select(DeclineReasonResponse.From)]);
}
