using MediatR;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Api.Endpoints;

/// <summary>Referrals over HTTP: bind, send to the use case, answer with the new state and its ETag.</summary>
internal static class ReferralEndpoints
{
    public static RouteGroupBuilder MapReferrals(this RouteGroupBuilder api)
    {
        var referrals = api.MapGroup("/referrals").WithTags("Referrals");

        referrals.MapPost("/", async (NewReferralBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Versions.Created(http, await mediator.Send(new CreateReferral(body, body.Submit), ct)))
            .RequireAuthorization(Scopes.Submit)
            .WithName("CreateReferral")
            .WithSummary("Create a referral, as a draft or submitted at once")
            .WithDescription("Send `\"submit\": true` to submit at once: the acceptance rules are evaluated and the evaluation is stored. A draft may be incomplete; GET its evaluation to see what is missing.")
            .Produces<ReferralView>(StatusCodes.Status201Created)
            .WithMetadata(new OpenApiExample(OpenApiExample.EligibleReferralWithSubmit))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        referrals.MapGet("/", async (
                string? status, string? route, string? concern, string? referrerRole, string? externalCaseId, string? updatedSince, string? cursor, string? limit,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var page = await mediator.Send(new ListReferrals(status, route, concern, referrerRole, externalCaseId, updatedSince, cursor, limit), ct);
                var next = page.NextCursor is null ? null : NextLink(http, page.NextCursor);
                return TypedResults.Ok(new ReferralListResponse(page.Items, page.NextCursor, next));
            })
            .RequireAuthorization(Scopes.Read)
            .WithName("ListReferrals")
            .WithSummary("List referrals (a worklist or a change feed)")
            .WithDescription($"Filters combine. Ordered by last update, oldest first; follow `next` for the next page. Page size `limit` is 1 to {ListReferrals.MaxLimit} (default {ListReferrals.DefaultLimit}). Items carry no personal data.")
            .ProducesValidationProblem();

        referrals.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Versions.OkOrNotModified(http, await mediator.Send(new GetReferral(id), ct)))
            .RequireAuthorization(Scopes.Read)
            .WithName("GetReferral")
            .WithSummary("Read a referral, with the actions its status allows")
            .WithDescription("Send If-None-Match with the ETag you hold to get 304 when nothing has changed.")
            .Produces<ReferralView>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        referrals.MapPut("/{id:guid}", async (Guid id, ReferralBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Versions.Ok(http, await mediator.Send(new UpdateReferral(id, Versions.RequiredIfMatch(http), body), ct)))
            .RequireAuthorization(Scopes.Submit)
            .WithName("UpdateReferral")
            .WithSummary("Replace a referral's content (Draft or InformationRequested only)")
            .WithDescription("Full replacement: send the whole content, including parent/carer ids to keep their consents linked.")
            .WithMetadata(new OpenApiExample(OpenApiExample.ReplaceContent))
            .Change();

        MapTransition(referrals, Scopes.Submit, "submit", "SubmitReferral", "Submit (or resubmit) the referral; its evaluation is stored",
            (Guid id, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new SubmitReferral(id, Versions.RequiredIfMatch(http)), ct));
        MapTransition(referrals, Scopes.Decide, "request-information", "RequestInformation", "Ask the referrer to answer the named acceptance rules (all unmet ones if none are named)",
            (Guid id, RequestInformationBody body, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new RequestInformation(id, Versions.RequiredIfMatch(http), body.RuleCodes, body.Comment), ct))
            .WithMetadata(new OpenApiExample(OpenApiExample.RequestInformation));
        MapTransition(referrals, Scopes.Decide, "accept", "AcceptReferral", "Accept the referral: refused (422, with ruleCodes) unless every acceptance rule is met today",
            (Guid id, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new AcceptReferral(id, Versions.RequiredIfMatch(http)), ct));
        MapTransition(referrals, Scopes.Decide, "decline", "DeclineReferral", "Decline the referral with a coded reason and a comment",
            (Guid id, DeclineBody body, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new DeclineReferral(id, Versions.RequiredIfMatch(http), body.ReasonCode, body.Comment), ct))
            .WithMetadata(new OpenApiExample(OpenApiExample.Decline));
        MapTransition(referrals, Scopes.Decide, "allocate", "AllocateReferral", "Allocate an accepted referral to a practitioner",
            (Guid id, AllocateBody body, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new AllocateReferral(id, Versions.RequiredIfMatch(http), body.Practitioner), ct))
            .WithMetadata(new OpenApiExample(OpenApiExample.Allocate));
        MapTransition(referrals, Scopes.Decide, "close", "CloseReferral", "Close an allocated referral with its outcome",
            (Guid id, CloseBody body, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new CloseReferral(id, Versions.RequiredIfMatch(http), body.Outcome, body.Comment), ct))
            .WithMetadata(new OpenApiExample(OpenApiExample.Close));
        MapTransition(referrals, Scopes.Submit, "withdraw", "WithdrawReferral", "Withdraw an open referral",
            (Guid id, WithdrawBody body, IMediator m, HttpContext http, CancellationToken ct) => Send(m, http, new WithdrawReferral(id, Versions.RequiredIfMatch(http), body.Reason), ct))
            .WithMetadata(new OpenApiExample(OpenApiExample.Withdraw));

        referrals.MapPost("/{id:guid}/consents", async (Guid id, ConsentBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Versions.Created(http, await mediator.Send(new RecordConsent(id, Versions.RequiredIfMatch(http), body), ct)))
            .RequireAuthorization(Scopes.Submit)
            .WithName("RecordConsent")
            .WithMetadata(new OpenApiExample(OpenApiExample.MotherConsent))
            .WithSummary("Record a consent given by a parent/carer, or by the child (no parentCarerId)")
            .Change(StatusCodes.Status201Created);

        referrals.MapPost("/{id:guid}/consents/{consentId:guid}/withdraw", async (Guid id, Guid consentId, WithdrawConsentBody? body, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Versions.Ok(http, await mediator.Send(new WithdrawConsent(id, Versions.RequiredIfMatch(http), consentId, body?.WithdrawnOn), ct)))
            .RequireAuthorization(Scopes.Submit)
            .WithName("WithdrawConsent")
            .WithSummary("Record that a consent was withdrawn (the record is kept)")
            .WithMetadata(new OpenApiExample(OpenApiExample.WithdrawConsent))
            .Change();

        referrals.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReferralHistory(id), ct)))
            .RequireAuthorization(Scopes.Read)
            .WithName("GetReferralHistory")
            .WithSummary("The referral's status timeline, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        referrals.MapGet("/{id:guid}/evaluation", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new EvaluateReferral(id), ct)))
            .RequireAuthorization(Scopes.Read)
            .WithName("EvaluateReferral")
            .WithSummary("The acceptance rules applied to the referral as it stands today (not stored)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        referrals.MapGet("/{id:guid}/audit", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReferralAudit(id), ct)))
            .RequireAuthorization(Scopes.Decide)
            .WithName("GetReferralAudit")
            .WithSummary("Who created, changed or read the referral, and when (VIG team only)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/acceptance-checks", async (AcceptanceCheckBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CheckAcceptance(body, body.Consents), ct)))
            .WithTags("Referrals")
            .RequireAuthorization(Scopes.Submit)
            .WithName("CheckAcceptance")
            .WithSummary("Evaluate a referral's content without storing anything")
            .WithDescription("For case-management systems to check a referral before they submit it. Include consents already given, or the consent rules are reported as missing.")
            .WithMetadata(new OpenApiExample(OpenApiExample.EligibleCheck))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    private static RouteHandlerBuilder MapTransition(RouteGroupBuilder referrals, string scope, string action, string name, string summary, Delegate handler) =>
        referrals.MapPost($"/{{id:guid}}/{action}", handler).RequireAuthorization(scope).WithName(name).WithSummary(summary).Change();

    private static async Task<IResult> Send(IMediator mediator, HttpContext http, IRequest<ReferralView> change, CancellationToken ct) =>
        Versions.Ok(http, await mediator.Send(change, ct));

    /// <summary>Documents a change of an existing referral: If-Match, and what can go wrong.</summary>
    private static RouteHandlerBuilder Change(this RouteHandlerBuilder endpoint, int success = StatusCodes.Status200OK) => endpoint
        .WithMetadata(new RequiresIfMatch())
        .Produces<ReferralView>(success)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static string NextLink(HttpContext http, string cursor)
    {
        var query = http.Request.Query
            .Where(q => q.Key != "cursor")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"cursor={Uri.EscapeDataString(cursor)}");
        return $"{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }
}

public sealed record ReferralListResponse(IReadOnlyList<ReferralSummary> Items, string? NextCursor, string? Next);

public sealed record RequestInformationBody(IReadOnlyList<string>? RuleCodes, string? Comment);

public sealed record DeclineBody(string? ReasonCode, string? Comment);

public sealed record AllocateBody(string? Practitioner);

public sealed record CloseBody(ClosureOutcome? Outcome, string? Comment);

public sealed record WithdrawBody(string? Reason);

public sealed record WithdrawConsentBody(DateOnly? WithdrawnOn);

/// <summary>Marks endpoints that change a referral and so need If-Match.</summary>
internal sealed record RequiresIfMatch;
