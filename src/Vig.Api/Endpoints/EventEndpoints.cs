using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Application.Common;
using Vig.Application.Events;

namespace Vig.Api.Endpoints;

/// <summary>The change feed: events of referrals, with no personal data (docs/integration.md).</summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", List)
            .RequireAuthorization(Scopes.Read)
            .WithTags("Events")
            .WithName("ListEvents")
            .WithSummary("The change feed: events of your referrals (every referral's with referrals.decide), in feed order")
            .WithDescription($"Start without after, then pass each page's nextCursor as after. An event appears once its transaction and every older one have ended, so a cursor never passes an event that commits late. Page size limit is 1 to {ListEvents.MaxLimit} (default {ListEvents.DefaultLimit}). Events are CloudEvents 1.0 envelopes with no personal data.");
        return api;
    }

    private static async Task<Ok<EventPageResponse>> List([AsParameters] ListEventsQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(EventPageResponse.From(await mediator.Send(query.ToRequest(), ct)));
}
