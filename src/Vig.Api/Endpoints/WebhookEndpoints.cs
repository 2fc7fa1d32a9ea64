using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Webhooks;

namespace Vig.Api.Endpoints;

/// <summary>Webhook subscriptions of the calling client, and their dead letters (docs/integration.md, section 7).</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhook-subscriptions").WithTags("Webhooks").RequireAuthorization(Scopes.Read);

        webhooks.MapPost("/", Create)
            .WithName("CreateWebhookSubscription")
            .WithMetadata(new OpenApiExample(OpenApiExample.WebhookSubscription))
            .WithSummary("Subscribe to your referrals' events (every referral's with referrals.decide); the signing secret is shown once")
            .WithDescription("The URL must be https and must not resolve to a private, loopback or link-local address. Deliveries follow Standard Webhooks: webhook-id (the event's id), webhook-timestamp, webhook-signature.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        webhooks.MapGet("/", List)
            .WithName("ListWebhookSubscriptions")
            .WithSummary("Your webhook subscriptions, oldest first (secrets are never shown again)");

        webhooks.MapDelete("/{id:uuid}", Delete)
            .WithName("DeleteWebhookSubscription")
            .WithSummary("End a subscription; its undelivered events are dropped (the feed still has them)")
            .ProducesProblems(StatusCodes.Status404NotFound);

        webhooks.MapGet("/{id:uuid}/dead-letters", DeadLetters)
            .WithName("ListDeadLetters")
            .WithSummary("Events this subscription could not deliver, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);

        webhooks.MapPost("/{id:uuid}/dead-letters/{eventId:uuid}/replay", Replay)
            .WithName("ReplayDeadLetter")
            .WithSummary("Deliver a dead letter again, with a fresh retry window; a disabled subscription is enabled again")
            .ProducesProblems(StatusCodes.Status404NotFound);

        return api;
    }

    private static async Task<Created<NewWebhookSubscriptionResponse>> Create(WebhookSubscriptionRequest body, IMediator mediator, CancellationToken ct)
    {
        var created = NewWebhookSubscriptionResponse.From(await mediator.Send(body.ToCommand(), ct));
        return TypedResults.Created($"/api/v1/webhook-subscriptions/{created.Subscription.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<WebhookSubscriptionResponse>>> List(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<WebhookSubscriptionResponse>>([.. (await mediator.Send(new ListWebhookSubscriptions(), ct)).Select(WebhookSubscriptionResponse.From)]);

    private static async Task<NoContent> Delete(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteWebhookSubscription(id), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<DeadLetterResponse>>> DeadLetters(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DeadLetterResponse>>([.. (await mediator.Send(new ListDeadLetters(id), ct)).Select(DeadLetterResponse.From)]);

    private static async Task<NoContent> Replay(Guid id, Guid eventId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ReplayDeadLetter(id, eventId), ct);
        return TypedResults.NoContent();
    }
}
