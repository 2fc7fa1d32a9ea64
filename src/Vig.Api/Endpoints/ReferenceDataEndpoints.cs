using MediatR;
using Vig.Application.ReferenceData;

namespace Vig.Api.Endpoints;

internal static class ReferenceDataEndpoints
{
    public static RouteGroupBuilder MapReferenceData(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).WithTags("Reference data");

        group.MapGet("/concern-categories", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListConcernCategories(), cancellationToken)))
            .WithName("ListConcernCategories")
            .WithSummary("The ten kinds of concern a referral can name")
            .WithDescription("Each category has a stable code to send in a referral's concerns, a short title and a description in the service's words.");

        return api;
    }
}
