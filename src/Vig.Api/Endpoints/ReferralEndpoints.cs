using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Referrals;

namespace Vig.Api.Endpoints;

/// <summary>
/// Referrals over HTTP: bind the wire request, parse a body once (validate, then map to the domain's
/// types), send the use case, map its answer to the wire once with the ETag. What can go wrong
/// besides is documented systematically by OpenApi/HttpConventionsFilter.
/// </summary>
internal static class ReferralEndpoints
{
    public static RouteGroupBuilder MapReferrals(this RouteGroupBuilder api)
    {
        var referrals = api.MapGroup("/referrals").WithTags("Referrals");

        referrals.MapPost("/", Create)
            .RequireAuthorization(Scopes.Submit)
            .WithName("CreateReferral")
            .WithSummary("Create a referral, as a draft or submitted at once")
            .WithDescription("Send `\"submit\": true` to submit at once: the acceptance rules are evaluated and the evaluation is stored. A draft may be incomplete; GET its evaluation to see what is missing.")
            .WithMetadata(new OpenApiExample(OpenApiExample.EligibleReferralWithSubmit))
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);

        referrals.MapGet("/", List)
            .RequireAuthorization(Scopes.Read)
            .WithName("ListReferrals")
            .WithSummary("List referrals (a worklist or a change feed)")
            .WithDescription($"Filters combine. Ordered by last update, oldest first; follow `next` for the next page. Page size `limit` is 1 to {ListReferrals.MaxLimit} (default {ListReferrals.DefaultLimit}). Items carry no personal data.");

        referrals.MapGet("/status", Status)
            .RequireAuthorization(Scopes.Read)
            .WithName("LookUpReferralStatus")
            .WithSummary("Where your referrals for a case stand: by externalCaseId or by reference")
            .WithDescription($"Give exactly one of `externalCaseId` and `reference`. A case can have several referrals: all are listed, newest first, at most {LookUpReferralStatus.MaxMatches}. Without referrals.decide only the referrals your client created are found; none found is an empty list, not 404. Each look-up is recorded in the audit trail of every referral it finds.");

        referrals.MapGet("/{id:uuid}", Get)
            .RequireAuthorization(Scopes.Read)
            .WithName("GetReferral")
            .WithSummary("Read a referral, with the actions its status allows")
            .WithDescription("Send If-None-Match with the ETag you hold to get 304 when nothing has changed.")
            .WithMetadata(new ReadsIfNoneMatch());

        referrals.MapPut("/{id:uuid}", Update)
            .RequireAuthorization(Scopes.Submit)
            .WithName("UpdateReferral")
            .WithSummary("Replace a referral's content (Draft or InformationRequested only)")
            .WithDescription("Full replacement: send the whole content, including parent/carer ids to keep their consents linked.")
            .WithMetadata(new OpenApiExample(OpenApiExample.ReplaceContent))
            .Change();

        referrals.MapPost("/{id:uuid}/submit", Submit).Transition(Scopes.Submit, "SubmitReferral", "Submit (or resubmit) the referral; its evaluation is stored");
        referrals.MapPost("/{id:uuid}/request-information", RequestInformation).Transition(Scopes.Decide, "RequestInformation", "Ask the referrer to answer the named acceptance rules (all unmet ones if none are named)")
            .WithMetadata(new OpenApiExample(OpenApiExample.RequestInformation));
        referrals.MapPost("/{id:uuid}/accept", Accept).Transition(Scopes.Decide, "AcceptReferral", "Accept the referral: refused (422, with ruleCodes) unless every acceptance rule is met today");
        referrals.MapPost("/{id:uuid}/decline", Decline).Transition(Scopes.Decide, "DeclineReferral", "Decline the referral with a coded reason and a comment")
            .WithDescription($"With reasonCode `duplicate`, name the referral this one duplicates in duplicateOf, e.g. {OpenApiExample.DeclineAsDuplicate}")
            .WithMetadata(new OpenApiExample(OpenApiExample.Decline));
        referrals.MapPost("/{id:uuid}/allocate", Allocate).Transition(Scopes.Decide, "AllocateReferral", "Allocate an accepted referral to a practitioner")
            .WithMetadata(new OpenApiExample(OpenApiExample.Allocate));
        referrals.MapPost("/{id:uuid}/close", Close).Transition(Scopes.Decide, "CloseReferral", "Close an allocated referral with its outcome")
            .WithMetadata(new OpenApiExample(OpenApiExample.Close));
        referrals.MapPost("/{id:uuid}/withdraw", Withdraw).Transition(Scopes.Submit, "WithdrawReferral", "Withdraw an open referral")
            .WithMetadata(new OpenApiExample(OpenApiExample.Withdraw));

        referrals.MapPost("/{id:uuid}/possible-duplicates/{otherId:uuid}/dismiss", DismissPossibleDuplicate)
            .RequireAuthorization(Scopes.Decide)
            .WithName("DismissPossibleDuplicate")
            .WithSummary("Dismiss a possible duplicate: the two referrals are of different children (VIG team only)")
            .WithDescription("otherId is the referralId of one of the referral's possibleDuplicates. The pair is kept with who dismissed it and when, and is never linked again. The referral itself does not change: same version, no event. 404 possible-duplicate.not-found when the two are not paired; 409 possible-duplicate.already-dismissed.")
            .Change();

        referrals.MapPost("/{id:uuid}/consents", RecordConsent)
            .RequireAuthorization(Scopes.Submit)
            .WithName("RecordConsent")
            .WithMetadata(new OpenApiExample(OpenApiExample.MotherConsent))
            .WithSummary("Record a consent given by a parent/carer, or by the child (no parentCarerId)")
            .WithDescription($"Given on a day from 1900 to today (else 400 naming givenOn), not before the child's birth (422, code consent.before-birth). A referral keeps at most {Domain.Referrals.Referral.MaxConsents} consents, withdrawn ones included: one more is a 422 (code consent.limit-reached), and recordConsent is then blocked.")
            .Change();

        referrals.MapPost("/{id:uuid}/consents/{consentId:uuid}/withdraw", WithdrawConsent)
            .RequireAuthorization(Scopes.Submit)
            .WithName("WithdrawConsent")
            .WithSummary("Record that a consent was withdrawn (the record is kept)")
            .WithMetadata(new OpenApiExample(OpenApiExample.WithdrawConsent))
            .Change();

        referrals.MapPost("/{id:uuid}/questionnaires", RecordQuestionnaire)
            .RequireAuthorization(Security.SecuritySetup.SubmitOrDecide)
            .WithName("RecordQuestionnaire")
            .WithSummary("Keep a questionnaire completed by a parent/carer of the referral, before VIG (the pre-assessment) or after it, with its scores")
            .WithDescription($"`timepoint` is `before` (the default; needs referrals.submit, while the referral is open) or `after` (needs referrals.decide: 403, code questionnaire.after-vig-team-only, for any other client; only once the referral is allocated or closed, else 409 questionnaire.after-too-early), e.g. {OpenApiExample.MotherPrfqAfter}. A closed referral takes forms after VIG only (409 questionnaire.before-on-closed). A parent/carer's before and after forms on the same version show as the referral's measuredChanges. Scored on the version named (or the current one) and kept with that id and version. Every item exactly once, each on the scale; anything else is a 422 (code questionnaire.answers-invalid) naming each item, and nothing is kept. Completed on a day from 1900 to today (else 400 naming completedOn), not before the child's birth (422, code questionnaire.before-birth). A referral keeps at most {Domain.Referrals.Referral.MaxQuestionnaires} questionnaires: one more is a 422 (code questionnaire.limit-reached), and recordQuestionnaire is then blocked. The scores are descriptive and never change the acceptance evaluation.")
            .WithMetadata(new OpenApiExample(OpenApiExample.MotherPrfq))
            .Change();

        referrals.MapGet("/{id:uuid}/outcome", Outcome)
            .RequireAuthorization(Scopes.Read)
            .WithName("GetReferralOutcome")
            .WithSummary("A closed referral's outcome: how it closed, when each step happened, and the changes measured before and after VIG")
            .WithDescription("For the client that made the referral (and the VIG team); another client's referral is 404, as for GET /referrals/{id}. Before the referral is closed: 409, code referral.outcome-not-yet-available. The event referral.outcome-available says when it can be read, and again when a form after VIG changes it. Every read is audited (referral.read-outcome). Changes are descriptive: no verdict, no threshold.")
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithMetadata(new AnswerExample(OpenApiExample.ReferralOutcome));

        referrals.MapGet("/{id:uuid}/history", History)
            .RequireAuthorization(Scopes.Read)
            .WithName("GetReferralHistory")
            .WithSummary("The referral's status timeline, oldest first");

        referrals.MapGet("/{id:uuid}/evaluation", Evaluate)
            .RequireAuthorization(Scopes.Read)
            .WithName("EvaluateReferral")
            .WithSummary("The acceptance rules applied to the referral as it stands today (not stored)");

        referrals.MapGet("/{id:uuid}/audit", Audit)
            .RequireAuthorization(Scopes.Decide)
            .WithName("GetReferralAudit")
            .WithSummary("Who created, changed or read the referral, and when (VIG team only)");

        api.MapPost("/acceptance-checks", CheckAcceptance)
            .WithTags("Referrals")
            .RequireAuthorization(Scopes.Submit)
            .WithName("CheckAcceptance")
            .WithSummary("Evaluate a referral's content without storing anything")
            .WithDescription("For case-management systems to check a referral before they submit it. Include consents already given, or the consent rules are reported as missing.")
            .WithMetadata(new OpenApiExample(OpenApiExample.EligibleCheck))
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    private static async Task<Created<ReferralResponse>> Create(CreateReferralRequest body, WireBodies wire, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Versions.Created(http, ReferralResponse.From(await mediator.Send(await wire.ParseAsync(body, b => b.ToCommand(), ct), ct)));

    private static async Task<Ok<ReferralListResponse>> List([AsParameters] ListReferralsQuery query, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var page = await mediator.Send(query.ToRequest(), ct);
        return TypedResults.Ok(ReferralListResponse.From(page, page.NextCursor is null ? null : NextLink(http, page.NextCursor)));
    }

    private static async Task<Ok<ReferralStatusListResponse>> Status([AsParameters] ReferralStatusQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(ReferralStatusListResponse.From(await mediator.Send(query.ToRequest(), ct)));

    private static async Task<Results<Ok<ReferralResponse>, NotModified>> Get(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Versions.OkOrNotModified(http, ReferralResponse.From(await mediator.Send(new GetReferral(id), ct)));

    private static async Task<Ok<ReferralResponse>> Update(Guid id, ReferralRequest body, WireBodies wire, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var expectedVersion = Versions.RequiredIfMatch(http);
        return await Send(mediator, http, await wire.ParseAsync(body, b => b.ToCommand(id, expectedVersion), ct), ct);
    }

    private static Task<Ok<ReferralResponse>> Submit(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, new SubmitReferral(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> RequestInformation(Guid id, RequestInformationRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, body.ToCommand(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> Accept(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, new AcceptReferral(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> Decline(Guid id, DeclineReferralRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, body.ToCommand(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> DismissPossibleDuplicate(Guid id, Guid otherId, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, new DismissPossibleDuplicate(id, Versions.RequiredIfMatch(http), otherId), ct);

    private static Task<Ok<ReferralResponse>> Allocate(Guid id, AllocateReferralRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, body.ToCommand(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> Close(Guid id, CloseReferralRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, body.ToCommand(id, Versions.RequiredIfMatch(http)), ct);

    private static Task<Ok<ReferralResponse>> Withdraw(Guid id, WithdrawReferralRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, body.ToCommand(id, Versions.RequiredIfMatch(http)), ct);

    private static async Task<Created<ReferralResponse>> RecordConsent(Guid id, ConsentRequest body, WireBodies wire, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var expectedVersion = Versions.RequiredIfMatch(http);
        return Versions.Created(http, ReferralResponse.From(await mediator.Send(await wire.ParseAsync(body, b => b.ToCommand(id, expectedVersion), ct), ct)));
    }

    private static async Task<Created<ReferralResponse>> RecordQuestionnaire(Guid id, RecordQuestionnaireRequest body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Versions.Created(http, ReferralResponse.From(await mediator.Send(body.ToCommand(id, Versions.RequiredIfMatch(http)), ct)));

    private static Task<Ok<ReferralResponse>> WithdrawConsent(Guid id, Guid consentId, WithdrawConsentRequest? body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        Send(mediator, http, (body ?? new WithdrawConsentRequest()).ToCommand(id, Versions.RequiredIfMatch(http), consentId), ct);

    private static async Task<Ok<IReadOnlyList<StatusChangeResponse>>> History(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<StatusChangeResponse>>([.. (await mediator.Send(new GetReferralHistory(id), ct)).Select(StatusChangeResponse.Of)]);

    private static async Task<Ok<ReferralOutcomeResponse>> Outcome(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(ReferralOutcomeResponse.From(await mediator.Send(new GetReferralOutcome(id), ct)));

    private static async Task<Ok<EvaluationResponse>> Evaluate(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(EvaluationResponse.From(await mediator.Send(new EvaluateReferral(id), ct)));

    private static async Task<Ok<IReadOnlyList<AuditEntryResponse>>> Audit(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<AuditEntryResponse>>([.. (await mediator.Send(new GetReferralAudit(id), ct)).Select(AuditEntryResponse.From)]);

    private static async Task<Ok<EvaluationResponse>> CheckAcceptance(AcceptanceCheckRequest body, WireBodies wire, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(EvaluationResponse.From(await mediator.Send(await wire.ParseAsync(body, b => b.ToCommand(), ct), ct)));

    private static async Task<Ok<ReferralResponse>> Send(IMediator mediator, HttpContext http, IRequest<ReferralResult> change, CancellationToken ct) =>
        Versions.Ok(http, ReferralResponse.From(await mediator.Send(change, ct)));

    private static RouteHandlerBuilder Transition(this RouteHandlerBuilder endpoint, string scope, string name, string summary) =>
        endpoint.RequireAuthorization(scope).WithName(name).WithSummary(summary).Change();

    /// <summary>A change of an existing referral: If-Match, and the refusals of the referral's rules.</summary>
    private static RouteHandlerBuilder Change(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new RequiresIfMatch())
        .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);

    internal static string NextLink(HttpContext http, string cursor)
    {
        var query = http.Request.Query
            .Where(q => q.Key != "cursor")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"cursor={Uri.EscapeDataString(cursor)}");
        return $"{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }
}
