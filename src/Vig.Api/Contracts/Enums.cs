namespace Vig.Api.Contracts;

// The wire's own enums. Each mirrors the Application's or Domain's enum of the same name, member for
// member (tests/Vig.ArchitectureTests checks the names), so that renaming a value inside the service
// cannot silently change the contract (docs/decisions/0009-contract-wire-types.md). JSON spells them
// in camelCase.

/// <summary>Where a referral is in its life.</summary>
public enum ReferralStatus
{
    /// <summary>Being written by the referrer; not yet sent to the VIG team.</summary>
    Draft,

    /// <summary>Sent to the VIG team and evaluated; awaiting their decision.</summary>
    Submitted,

    /// <summary>The VIG team asked the referrer for more (see requestedInformation); edit and resubmit.</summary>
    InformationRequested,

    /// <summary>Accepted by the VIG team; awaiting a practitioner.</summary>
    Accepted,

    /// <summary>Declined by the VIG team, with a coded reason (finished).</summary>
    Declined,

    /// <summary>A practitioner works with the family.</summary>
    Allocated,

    /// <summary>The work ended, with an outcome (finished).</summary>
    Closed,

    /// <summary>Withdrawn by the referrer (finished).</summary>
    Withdrawn,
}

/// <summary>What a referral is waiting for while a service-level clock runs.</summary>
public enum ClockKind
{
    /// <summary>The VIG team's decision after a submission or resubmission.</summary>
    Decision,

    /// <summary>The referrer's answer after the team asked for information.</summary>
    Information,

    /// <summary>A practitioner, after acceptance.</summary>
    Allocation,
}

/// <summary>Something a client may do to a referral; each maps to an operation of this API.</summary>
public enum ReferralAction
{
    /// <summary>PUT /referrals/{id}: replace the content.</summary>
    Edit,

    /// <summary>POST /referrals/{id}/submit.</summary>
    Submit,

    /// <summary>POST /referrals/{id}/request-information.</summary>
    RequestInformation,

    /// <summary>POST /referrals/{id}/accept.</summary>
    Accept,

    /// <summary>POST /referrals/{id}/decline.</summary>
    Decline,

    /// <summary>POST /referrals/{id}/allocate.</summary>
    Allocate,

    /// <summary>POST /referrals/{id}/close.</summary>
    Close,

    /// <summary>POST /referrals/{id}/withdraw.</summary>
    Withdraw,

    /// <summary>POST /referrals/{id}/consents.</summary>
    RecordConsent,

    /// <summary>POST /referrals/{id}/consents/{consentId}/withdraw.</summary>
    WithdrawConsent,

    /// <summary>POST /referrals/{id}/questionnaires.</summary>
    RecordQuestionnaire,
}

/// <summary>How the VIG work with the family ended.</summary>
public enum ClosureOutcome
{
    /// <summary>The VIG intervention was completed.</summary>
    Completed,

    /// <summary>The family stopped taking part before the end.</summary>
    EndedEarly,

    /// <summary>Another service took over.</summary>
    TransferredToAnotherService,

    /// <summary>Any other ending; say more in the comment.</summary>
    Other,
}

/// <summary>The route by which the request for VIG reached the service.</summary>
public enum RouteKind
{
    /// <summary>A Case Management Decision (CMD).</summary>
    CaseManagementDecision,

    /// <summary>A Foundations For Life (FFL) plan.</summary>
    FoundationsForLife,
}

/// <summary>The referring professional's role in Together for Families.</summary>
public enum ReferrerRole
{
    /// <summary>A health visitor.</summary>
    HealthVisitor,

    /// <summary>A social worker.</summary>
    SocialWorker,

    /// <summary>A family worker.</summary>
    FamilyWorker,

    /// <summary>A psychologist.</summary>
    Psychologist,
}

/// <summary>Whether the child is autistic.</summary>
public enum AutismStatus
{
    /// <summary>Not autistic, as far as is known.</summary>
    No,

    /// <summary>Being assessed for autism.</summary>
    BeingAssessed,

    /// <summary>Diagnosed as autistic.</summary>
    Diagnosed,
}

/// <summary>Where the child lives.</summary>
public enum CareSetting
{
    /// <summary>With their birth family.</summary>
    BirthFamily,

    /// <summary>In care, with foster carers.</summary>
    FosterCare,

    /// <summary>With an adoptive family.</summary>
    AdoptiveFamily,
}

/// <summary>A parent or carer's relationship to the child.</summary>
public enum Relationship
{
    /// <summary>The child's mother.</summary>
    Mother,

    /// <summary>The child's father.</summary>
    Father,

    /// <summary>A foster carer.</summary>
    FosterCarer,

    /// <summary>An adoptive parent.</summary>
    AdoptiveParent,

    /// <summary>Any other carer.</summary>
    Other,
}

/// <summary>What a consent is to.</summary>
public enum ConsentKind
{
    /// <summary>Informed consent to take part in VIG, after seeing the explainer video.</summary>
    TakePartInVig,

    /// <summary>Consent to be filmed.</summary>
    BeFilmed,
}

/// <summary>The overall result of applying the acceptance rules.</summary>
public enum Verdict
{
    /// <summary>Every rule is met: the VIG team may accept.</summary>
    Eligible,

    /// <summary>No eligibility rule is broken, but the referrer must say more (see the unmet rules).</summary>
    NeedsInformation,

    /// <summary>An eligibility rule is not met: the service cannot accept.</summary>
    Ineligible,
}

/// <summary>What an unmet acceptance rule means.</summary>
public enum RuleKind
{
    /// <summary>Who and what the service is for: not met means the service cannot accept.</summary>
    Eligibility,

    /// <summary>What the service needs to know: not met means ask the referrer.</summary>
    Information,
}

/// <summary>One acceptance rule's result for a referral.</summary>
public enum RuleOutcome
{
    /// <summary>The rule is met.</summary>
    Met,

    /// <summary>The facts are known and break the rule.</summary>
    NotMet,

    /// <summary>A fact the rule needs has not been given yet.</summary>
    Missing,
}

/// <summary>Maps the service's enums to the wire's and back, by member name.</summary>
internal static class WireEnum
{
    public static TTo To<TTo>(this Enum value)
        where TTo : struct, Enum => Enum.Parse<TTo>(value.ToString());

    public static TTo? ToOrNull<TTo>(this Enum? value)
        where TTo : struct, Enum => value is null ? null : Enum.Parse<TTo>(value.ToString());
}

/// <summary>How GET /referrals orders its pages; the id breaks ties.</summary>
public enum ReferralSort
{
    /// <summary>Oldest update first, every referral: to follow changes with updatedSince and the cursor.</summary>
    UpdatedAt,

    /// <summary>Soonest due first, only referrals whose service-level clock runs: a worklist.</summary>
    DueAt,
}

/// <summary>What the counts of a report summary are grouped by.</summary>
public enum SummaryGroup
{
    /// <summary>The referral's status now.</summary>
    Status,

    /// <summary>The route (CMD or FFL).</summary>
    Route,

    /// <summary>Each concern category code the referral names (a referral counts once per concern).</summary>
    Concern,

    /// <summary>The referrer's role.</summary>
    ReferrerRole,

    /// <summary>Where the child lives.</summary>
    CareSetting,

    /// <summary>The child's age on the referral date: 0-1, 2-4, 5-11, 12-17, 18+.</summary>
    AgeBand,

    /// <summary>The month of the referral date, yyyy-MM.</summary>
    Month,
}

/// <summary>When a kept form was completed, relative to the VIG work.</summary>
public enum QuestionnaireTimepoint
{
    /// <summary>Before VIG: the pre-assessment (the default).</summary>
    Before,

    /// <summary>After VIG: recorded by the VIG team (referrals.decide) once the referral is allocated or closed.</summary>
    After,
}

/// <summary>What the outcome report is grouped by.</summary>
public enum OutcomeGroup
{
    /// <summary>The route (CMD or FFL).</summary>
    Route,

    /// <summary>Each concern category code the referral names (a referral counts once per concern).</summary>
    Concern,

    /// <summary>The child's age on the referral date: 0-1, 2-4, 5-11, 12-17, 18+.</summary>
    AgeBand,

    /// <summary>The month the referral was closed, yyyy-MM.</summary>
    Month,
}
