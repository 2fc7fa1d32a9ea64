using MediatR;
using Vig.Api.Security;
using Vig.Application.ReferenceData;

namespace Vig.Api.Endpoints;

internal static class ReferenceDataEndpoints
{
    public static RouteGroupBuilder MapReferenceData(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).WithTags("Reference data").RequireAuthorization(SecuritySetup.AnyClient);

        group.MapGet("/concern-categories", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListConcernCategories(), cancellationToken)))
            .WithName("ListConcernCategories")
            .WithSummary("The ten kinds of concern a referral can name")
            .WithDescription("Each category has a stable code to send in a referral's concerns, a short title and a description in the service's words.");

        group.MapGet("/acceptance-rules", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListAcceptanceRules(), cancellationToken)))
            .WithName("ListAcceptanceRules")
            .WithSummary("The acceptance rules in force: code, kind, criterion and policy version")
            .WithDescription("Eligibility rules not met mean the service cannot accept; information rules not met mean the referrer must say more. Codes are stable.");

        group.MapGet("/referral-routes", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListReferralRoutes(), cancellationToken)))
            .WithName("ListReferralRoutes")
            .WithSummary("The routes through which requests for VIG are taken (CMD, FFL)");

        group.MapGet("/decline-reasons", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListDeclineReasons(), cancellationToken)))
            .WithName("ListDeclineReasons")
            .WithSummary("The coded reasons for declining a referral");

        return api;
    }
}
