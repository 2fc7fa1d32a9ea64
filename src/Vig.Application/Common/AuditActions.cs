namespace Vig.Application.Common;

/// <summary>
/// The actions the audit trail records, in one place: they are stored and returned to clients
/// (GET /referrals/{id}/audit), so each is a stable code.
/// </summary>
public static class AuditActions
{
    public const string Create = "referral.create";
    public const string CreateAndSubmit = "referral.create-and-submit";
    public const string Edit = "referral.edit";
    public const string Submit = "referral.submit";
    public const string RequestInformation = "referral.request-information";
    public const string Accept = "referral.accept";
    public const string Decline = "referral.decline";

    /// <summary>Recorded on the original when another referral is declined as its duplicate.</summary>
    public const string NameAsDuplicate = "referral.named-as-duplicate";

    /// <summary>Recorded on the other referral of each pair a submission links (ADR 0030).</summary>
    public const string FindPossibleDuplicate = "possible-duplicate.found";
    public const string DismissPossibleDuplicate = "possible-duplicate.dismiss";
    public const string Allocate = "referral.allocate";
    public const string Close = "referral.close";
    public const string Withdraw = "referral.withdraw";
    public const string RecordConsent = "consent.record";
    public const string WithdrawConsent = "consent.withdraw";
    public const string RecordQuestionnaire = "questionnaire.record";
    public const string Anonymise = "referral.anonymise";
    public const string DecisionOverdue = "referral.decision-overdue";
    public const string InformationOverdue = "referral.information-overdue";
    public const string AllocationOverdue = "referral.allocation-overdue";
    public const string Read = "referral.read";
    public const string ReadHistory = "referral.read-history";
    public const string ReadOutcome = "referral.read-outcome";
    public const string Outcomes = "report.outcomes";
    public const string ReadAudit = "referral.read-audit";
    public const string Evaluate = "referral.evaluate";
    public const string List = "referral.list";
    public const string CheckAcceptance = "acceptance-check";
    public const string ScoreQuestionnaire = "questionnaire.score";
    public const string Statistics = "report.statistics";
    public const string StatusLookup = "referral.status-lookup";
    public const string Summary = "report.summary";
    public const string Export = "report.referrals";
    public const string ServiceLevels = "report.service-levels";
    public const string ListEvents = "event.list";
    public const string Subscribe = "webhook.subscribe";
    public const string ListSubscriptions = "webhook.list";
    public const string Unsubscribe = "webhook.unsubscribe";
    public const string ListDeadLetters = "webhook.dead-letters";
    public const string Replay = "webhook.replay";

    /// <summary>The action recorded when a clock of <paramref name="kind"/> is found past its due time (by "system").</summary>
    public static string Overdue(Vig.Domain.ServiceLevels.ClockKind kind) => kind switch
    {
        Vig.Domain.ServiceLevels.ClockKind.Decision => DecisionOverdue,
        Vig.Domain.ServiceLevels.ClockKind.Information => InformationOverdue,
        _ => AllocationOverdue,
    };
}
