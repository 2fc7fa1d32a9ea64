using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Events;

/// <summary>
/// A change of a referral, told to the systems that follow it (the event feed, webhooks). It holds
/// no personal data: ids, the reference, codes, the status and version, and the client that owns
/// the referral. Written in the same transaction as the change (a transactional outbox).
/// </summary>
public sealed record ReferralEvent(
    Guid Id,
    string Type,
    DateTimeOffset Time,
    Guid ReferralId,
    string Reference,
    ReferralStatus Status,
    int Version,
    string OwningClient,
    Verdict? Verdict,
    string? ReasonCode,
    ClosureOutcome? Outcome)
{
    public const int TypeMaxLength = 64;

    /// <summary>The event describing the change just made to <paramref name="referral"/> by the audited <paramref name="action"/>.</summary>
    public static ReferralEvent For(string action, Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return Of(ReferralEventTypes.For(action, referral), referral);
    }

    /// <summary>
    /// The outcome summary (GET /referrals/{id}/outcome) is available or has changed: raised beside
    /// the change's own event when a referral closes, and when a form is kept on a closed referral.
    /// </summary>
    public static ReferralEvent OutcomeAvailable(Referral referral) => Of(ReferralEventTypes.OutcomeAvailable, referral);

    private static ReferralEvent Of(string type, Referral referral)
    {
        var submitted = type is ReferralEventTypes.Submitted or ReferralEventTypes.Resubmitted;
        return new ReferralEvent(
            Guid.CreateVersion7(),
            type,
            referral.Clock?.OverdueAt is { } overdueAt && ReferralEventTypes.Overdue.Contains(type) ? overdueAt : referral.UpdatedAt,
            referral.Id,
            referral.Reference.Value,
            referral.Status,
            referral.Version,
            referral.CreatedBy,
            submitted ? referral.LatestEvaluation?.Verdict : null,
            type == ReferralEventTypes.Declined ? referral.DeclineReasonCode : null,
            type is ReferralEventTypes.Closed or ReferralEventTypes.OutcomeAvailable ? referral.Outcome : null);
    }
}

/// <summary>The event types, one per kind of change: stable codes that subscriptions name.</summary>
public static class ReferralEventTypes
{
    public const string Created = "referral.created";
    public const string Edited = "referral.edited";
    public const string Submitted = "referral.submitted";
    public const string Resubmitted = "referral.resubmitted";
    public const string InformationRequested = "referral.information-requested";
    public const string Accepted = "referral.accepted";
    public const string Declined = "referral.declined";
    public const string Allocated = "referral.allocated";
    public const string Closed = "referral.closed";
    public const string Withdrawn = "referral.withdrawn";
    public const string ConsentRecorded = "referral.consent-recorded";
    public const string ConsentWithdrawn = "referral.consent-withdrawn";
    public const string QuestionnaireRecorded = "referral.questionnaire-recorded";
    public const string DecisionOverdue = "referral.decision-overdue";
    public const string InformationOverdue = "referral.information-overdue";
    public const string AllocationOverdue = "referral.allocation-overdue";

    /// <summary>Not a change of its own: said beside referral.closed, and beside a form kept on a closed referral (ADR 0033).</summary>
    public const string OutcomeAvailable = "referral.outcome-available";

    /// <summary>A clock passed its due time: not a change of the referral, so its version stays, and the event's time is when it was found.</summary>
    public static readonly IReadOnlyList<string> Overdue = [DecisionOverdue, InformationOverdue, AllocationOverdue];

    public static readonly IReadOnlyList<string> All =
    [
        Created, Edited, Submitted, Resubmitted, InformationRequested, Accepted, Declined, Allocated, Closed, Withdrawn,
        ConsentRecorded, ConsentWithdrawn, QuestionnaireRecorded, DecisionOverdue, InformationOverdue, AllocationOverdue, OutcomeAvailable,
    ];

    /// <summary>
    /// The type of the change an audited action made. A create-and-submit is one change, so one
    /// event: <c>referral.submitted</c> (the referral's first event; its version is 1).
    /// </summary>
    public static string For(string action, Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return action switch
        {
            AuditActions.Create => Created,
            AuditActions.CreateAndSubmit => Submitted,
            AuditActions.Edit => Edited,
            AuditActions.Submit => referral.History.Count > 1 && referral.History[^1].From == ReferralStatus.InformationRequested ? Resubmitted : Submitted,
            AuditActions.RequestInformation => InformationRequested,
            AuditActions.Accept => Accepted,
            AuditActions.Decline => Declined,
            AuditActions.Allocate => Allocated,
            AuditActions.Close => Closed,
            AuditActions.Withdraw => Withdrawn,
            AuditActions.RecordConsent => ConsentRecorded,
            AuditActions.WithdrawConsent => ConsentWithdrawn,
            AuditActions.RecordQuestionnaire => QuestionnaireRecorded,
            AuditActions.DecisionOverdue => DecisionOverdue,
            AuditActions.InformationOverdue => InformationOverdue,
            AuditActions.AllocationOverdue => AllocationOverdue,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "No event type for this action."),
        };
    }
}

/// <summary>Where events are written: they join the request's unit of work, like audit entries.</summary>
public interface IEventOutbox
{
    /// <summary>Adds the event; it is saved with the next save of the request, in the same transaction.</summary>
    void Add(ReferralEvent referralEvent);
}
