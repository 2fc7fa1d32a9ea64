using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;
using Vig.Application.Referrals;
using Vig.Domain.Common;
using Acceptance = Vig.Domain.Acceptance;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

// Answers as clients read them, mapped from the use cases' results here and nowhere else. Every
// property is always present in the JSON (null where the schema says nullable): the `required`
// modifier makes it required in the document and makes the mapping set it.

/// <summary>A referral, with the actions its status allows the caller to take.</summary>
public sealed record ReferralResponse
{
    /// <summary>The referral's id: use it in every URL about the referral.</summary>
    public required Guid Id { get; init; }

    /// <summary>The human-readable reference, e.g. VIG-2026-000042.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>Where the referral is in its life.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>The version, raised by every change; the ETag is W/"version".</summary>
    [Range(1, int.MaxValue)]
    public required int Version { get; init; }

    /// <summary>When the referral was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the referral last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The day it was first submitted, in the council's calendar; null while a draft.</summary>
    public required DateOnly? ReferralDate { get; init; }

    /// <summary>How the request reached the service; null until given.</summary>
    public required RouteResponse? Route { get; init; }

    /// <summary>The referring professional; null until given.</summary>
    public required ReferrerResponse? Referrer { get; init; }

    /// <summary>The child; null until given.</summary>
    public required ChildResponse? Child { get; init; }

    /// <summary>The child's parents or carers, in the order sent.</summary>
    [MaxLength(Model.ReferralDetails.MaxParentCarers)]
    public required IReadOnlyList<ParentCarerResponse> ParentCarers { get; init; }

    /// <summary>Concern category codes (GET /api/v1/concern-categories).</summary>
    [MaxItemsOf(Catalogue.ConcernCategories)]
    [ItemMaxLength(Model.ConcernCategory.CodeMaxLength)]
    public required IReadOnlyList<string> Concerns { get; init; }

    /// <summary>How communication, interaction or relationships are not developing as expected; null until given.</summary>
    [MaxLength(Model.ReferralDetails.ConcernAccountMaxLength)]
    public required string? ConcernAccount { get; init; }

    /// <summary>What the referrer considered before requesting VIG; unanswered questions are null.</summary>
    public required ReadinessResponse Readiness { get; init; }

    /// <summary>The parent or carer's own answers; unanswered questions are null.</summary>
    public required ViewsResponse Views { get; init; }

    /// <summary>Every consent recorded, withdrawn ones included, in the order recorded; a referral keeps at most this many.</summary>
    [MaxLength(Model.Referral.MaxConsents)]
    public required IReadOnlyList<ConsentResponse> Consents { get; init; }

    /// <summary>The evaluation stored at the last submission or acceptance; null before the first.</summary>
    public required EvaluationResponse? LatestEvaluation { get; init; }

    /// <summary>The acceptance rules applied today, consents included (not stored); null once the referral is declined, closed or withdrawn.</summary>
    public required EvaluationResponse? CurrentEvaluation { get; init; }

    /// <summary>Completed pre-assessment questionnaires, in the order recorded, with their scores; a referral keeps at most this many. Descriptive only: they never change an evaluation.</summary>
    [MaxLength(Model.Referral.MaxQuestionnaires)]
    public required IReadOnlyList<QuestionnaireResultResponse> Questionnaires { get; init; }

    /// <summary>
    /// Per parent/carer with a form before and one after VIG on the same questionnaire version: both
    /// scores and the change per subscale (after minus before), with the literature's reading. Never a verdict.
    /// </summary>
    [MaxLength(Model.Referral.MaxQuestionnaires / 2)]
    public required IReadOnlyList<MeasuredChangeResponse> MeasuredChanges { get; init; }

    /// <summary>Acceptance rule codes the VIG team asked the referrer to answer.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    [ItemMaxLength(Acceptance.AcceptanceRule.CodeMaxLength)]
    public required IReadOnlyList<string> RequestedInformation { get; init; }

    /// <summary>The decline reason code (GET /api/v1/decline-reasons); null unless declined.</summary>
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public required string? DeclineReason { get; init; }

    /// <summary>The practitioner allocated; null until allocated.</summary>
    [MaxLength(Model.Referral.PractitionerMaxLength)]
    public required string? AllocatedTo { get; init; }

    /// <summary>How the work ended; null until closed.</summary>
    public required ClosureOutcome? Outcome { get; init; }

    /// <summary>The service-level clock running now (a decision, the referrer's answer or allocation is awaited); null in other statuses.</summary>
    public required ClockResponse? Clock { get; init; }

    /// <summary>
    /// VIG team only (referrals.decide): other referrals that may be of the same child, found when either
    /// was submitted (the same externalCaseId from any client, or the same child's name and date of birth),
    /// in the order found, dismissed ones included. Always null for any other caller.
    /// </summary>
    public required IReadOnlyList<PossibleDuplicateResponse>? PossibleDuplicates { get; init; }

    /// <summary>VIG team only (referrals.decide): the id of the referral this one was declined as a duplicate of. Null unless so declined, and always null for any other caller.</summary>
    public required Guid? DuplicateOf { get; init; }

    /// <summary>What each stopped service-level clock measured, oldest first; a referral keeps the latest this many.</summary>
    [MaxLength(Model.Referral.MaxClockResults)]
    public required IReadOnlyList<ClockResultResponse> ClockResults { get; init; }

    /// <summary>While accepted: how long allocation has been taking lately, to tell the family what to expect; null in other statuses.</summary>
    public required AllocationExpectationResponse? AllocationExpectation { get; init; }

    /// <summary>What the caller may do now: the status allows it, the caller's scopes allow it, and it would succeed. Actions depend on the caller's scopes.</summary>
    [MaxItemsOf(Catalogue.ReferralActions)]
    public required IReadOnlyList<ReferralAction> AllowedActions { get; init; }

    /// <summary>Actions the status and the caller's scopes allow but that would be refused now, each with the rule codes and reason that block it.</summary>
    [MaxItemsOf(Catalogue.ReferralActions)]
    public required IReadOnlyList<BlockedActionResponse> BlockedActions { get; init; }

    /// <summary>The wire form of a use case's answer: the aggregate, its evaluations and the caller's actions, mapped once.</summary>
    internal static ReferralResponse From(ReferralResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var referral = result.Referral;
        var details = referral.Details;
        return new()
        {
            Id = referral.Id,
            Reference = referral.Reference.Value,
            Status = referral.Status.To<ReferralStatus>(),
            Version = referral.Version,
            CreatedAt = referral.CreatedAt,
            UpdatedAt = referral.UpdatedAt,
            ReferralDate = referral.ReferralDate,
            Route = details.Route is { } route ? RouteResponse.From(route) : null,
            Referrer = details.Referrer is { } referrer ? ReferrerResponse.From(referrer) : null,
            Child = details.Child is { } child ? ChildResponse.From(child) : null,
            ParentCarers = [.. details.ParentCarers.Select(ParentCarerResponse.From)],
            Concerns = [.. details.Concerns.Select(c => c.Code)],
            ConcernAccount = details.ConcernAccount,
            Readiness = ReadinessResponse.From(details.Readiness),
            Views = ViewsResponse.From(details.Views),
            Consents = [.. referral.Consents.Select(ConsentResponse.From)],
            LatestEvaluation = result.LatestEvaluation is { } evaluation ? EvaluationResponse.From(evaluation) : null,
            CurrentEvaluation = result.CurrentEvaluation is { } current ? EvaluationResponse.From(current) : null,
            Questionnaires = [.. referral.Questionnaires.Select(QuestionnaireResultResponse.From)],
            MeasuredChanges = [.. referral.MeasuredChanges.Select(MeasuredChangeResponse.From)],
            RequestedInformation = referral.RequestedInformation,
            DeclineReason = referral.DeclineReasonCode,
            AllocatedTo = referral.AllocatedTo,
            Outcome = referral.Outcome.ToOrNull<ClosureOutcome>(),
            PossibleDuplicates = result.Duplicates is { } duplicates ? [.. duplicates.PossibleDuplicates.Select(PossibleDuplicateResponse.From)] : null,
            DuplicateOf = result.Duplicates?.DuplicateOf,
            AllowedActions = [.. result.AllowedActions.Select(a => a.To<ReferralAction>())],
            BlockedActions = [.. result.BlockedActions.Select(BlockedActionResponse.From)],
            Clock = result.Clock is { } clock ? ClockResponse.From(clock) : null,
            ClockResults = [.. referral.ClockResults.Select(ClockResultResponse.From)],
            AllocationExpectation = result.AllocationExpectation is { } expectation ? AllocationExpectationResponse.From(expectation) : null,
        };
    }
}

/// <summary>Another referral that may be of the same child (VIG team only), and what the team made of it.</summary>
public sealed record PossibleDuplicateResponse
{
    /// <summary>The other referral's id: dismiss the pair at POST /referrals/{id}/possible-duplicates/{this id}/dismiss.</summary>
    public required Guid ReferralId { get; init; }

    /// <summary>The other referral's reference.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>Where the other referral is in its life now.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>Both name the same externalCaseId (whichever clients sent them).</summary>
    public required bool SameExternalCaseId { get; init; }

    /// <summary>Both name a child with the same date of birth and the same name, case, spaces and accents aside.</summary>
    public required bool SameNameAndDateOfBirth { get; init; }

    /// <summary>When the submission that linked the two was made.</summary>
    public required DateTimeOffset FoundAt { get; init; }

    /// <summary>When the VIG team dismissed the pair as two different children; null while it stands.</summary>
    public required DateTimeOffset? DismissedAt { get; init; }

    /// <summary>The client that dismissed the pair; null while it stands.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string? DismissedBy { get; init; }

    internal static PossibleDuplicateResponse From(LinkedReferral linked) => new()
    {
        ReferralId = linked.ReferralId,
        Reference = linked.Reference.Value,
        Status = linked.Status.To<ReferralStatus>(),
        SameExternalCaseId = linked.Pair.SameExternalCaseId,
        SameNameAndDateOfBirth = linked.Pair.SameNameAndDateOfBirth,
        FoundAt = linked.Pair.FoundAt,
        DismissedAt = linked.Pair.DismissedAt,
        DismissedBy = linked.Pair.DismissedBy,
    };
}

/// <summary>An action the referral's status allows that would be refused now, and why.</summary>
public sealed record BlockedActionResponse
{
    /// <summary>The action.</summary>
    public required ReferralAction Action { get; init; }

    /// <summary>The error code the action would be refused with now.</summary>
    [MaxLength(DomainError.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>The acceptance rules that block it, in rule order; empty when no rule is involved.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    [ItemMaxLength(Acceptance.AcceptanceRule.CodeMaxLength)]
    public required IReadOnlyList<string> RuleCodes { get; init; }

    /// <summary>What stands in the way, and what to do about it.</summary>
    public required string Reason { get; init; }

    internal static BlockedActionResponse From(Model.BlockedAction blocked) => new()
    {
        Action = blocked.Action.To<ReferralAction>(),
        Code = blocked.Error.Code,
        RuleCodes = blocked.Error.RuleCodes ?? [],
        Reason = blocked.Error.Message,
    };
}

/// <summary>The route by which the request for VIG reached the service.</summary>
public sealed record RouteResponse
{
    /// <summary>The route.</summary>
    public required RouteKind Kind { get; init; }

    /// <summary>The source system's own reference of the CMD or FFL plan; null if not given.</summary>
    [MaxLength(Model.ReferralRoute.ReferenceMaxLength)]
    public required string? Reference { get; init; }

    internal static RouteResponse From(Model.ReferralRoute route) => new() { Kind = route.Kind.To<RouteKind>(), Reference = route.Reference };
}

/// <summary>The professional making the referral.</summary>
public sealed record ReferrerResponse
{
    /// <summary>The referrer's full name.</summary>
    [MaxLength(Model.Referrer.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>The referrer's professional role.</summary>
    public required ReferrerRole Role { get; init; }

    /// <summary>Whether the referrer works in a Together for Families service.</summary>
    public required bool FromTogetherForFamilies { get; init; }

    /// <summary>The referrer's team; null if not given.</summary>
    [MaxLength(Model.Referrer.TeamMaxLength)]
    public required string? Team { get; init; }

    /// <summary>Whether the referrer is involved with the family now.</summary>
    public required bool CurrentlyInvolved { get; init; }

    /// <summary>The referrer's work email address; null if not given.</summary>
    [MaxLength(Model.Referrer.EmailMaxLength)]
    public required string? Email { get; init; }

    /// <summary>The referrer's work phone number; null if not given.</summary>
    [MaxLength(Model.Referrer.PhoneMaxLength)]
    public required string? Phone { get; init; }

    internal static ReferrerResponse From(Model.Referrer referrer) => new()
    {
        Name = referrer.Name,
        Role = referrer.Role.To<ReferrerRole>(),
        FromTogetherForFamilies = referrer.FromTogetherForFamilies,
        Team = referrer.Team,
        CurrentlyInvolved = referrer.CurrentlyInvolved,
        Email = referrer.Email,
        Phone = referrer.Phone,
    };
}

/// <summary>The one child the referral is about.</summary>
public sealed record ChildResponse
{
    /// <summary>The child's full name.</summary>
    [MaxLength(Model.Child.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>The child's date of birth.</summary>
    public required DateOnly DateOfBirth { get; init; }

    /// <summary>Whether the child was born before 37 weeks.</summary>
    public required bool BornPreterm { get; init; }

    /// <summary>The gestation in whole weeks; null if not given.</summary>
    [Range(Model.Child.MinGestationWeeks, Model.Child.MaxGestationWeeks)]
    public required int? GestationWeeks { get; init; }

    /// <summary>Whether the child has special educational needs and disabilities (SEND).</summary>
    public required bool HasSend { get; init; }

    /// <summary>Whether the child is autistic.</summary>
    public required AutismStatus Autism { get; init; }

    /// <summary>Where the child lives.</summary>
    public required CareSetting CareSetting { get; init; }

    /// <summary>Whether the child will be filmed with the parent or carer.</summary>
    public required bool WillBeFilmed { get; init; }

    /// <summary>The case-management system's own id for the child's case; null if not given.</summary>
    [MaxLength(Model.Child.ExternalCaseIdMaxLength)]
    public required string? ExternalCaseId { get; init; }

    internal static ChildResponse From(Model.Child child) => new()
    {
        Name = child.Name,
        DateOfBirth = child.DateOfBirth,
        BornPreterm = child.BornPreterm,
        GestationWeeks = child.GestationWeeks,
        HasSend = child.HasSend,
        Autism = child.Autism.To<AutismStatus>(),
        CareSetting = child.CareSetting.To<CareSetting>(),
        WillBeFilmed = child.WillBeFilmed,
        ExternalCaseId = child.ExternalCaseId,
    };
}

/// <summary>A parent or carer of the child.</summary>
public sealed record ParentCarerResponse
{
    /// <summary>Their id: consents name them by it, and an edit sends it back.</summary>
    public required Guid Id { get; init; }

    /// <summary>Their full name.</summary>
    [MaxLength(Model.ParentCarer.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>Their relationship to the child.</summary>
    public required Relationship Relationship { get; init; }

    /// <summary>Whether they take part in the VIG work.</summary>
    public required bool TakesPart { get; init; }

    internal static ParentCarerResponse From(Model.ParentCarer parent) => new()
    {
        Id = parent.Id,
        Name = parent.Name,
        Relationship = parent.Relationship.To<Relationship>(),
        TakesPart = parent.TakesPart,
    };
}

/// <summary>What the referrer considered before requesting VIG; null means not yet answered.</summary>
public sealed record ReadinessResponse
{
    /// <summary>Whether the family assessment indicates VIG.</summary>
    public required bool? AssessmentIndicatesVig { get; init; }

    /// <summary>What the assessment found, in brief.</summary>
    [MaxLength(Model.Readiness.SummaryMaxLength)]
    public required string? AssessmentSummary { get; init; }

    /// <summary>Whether the parent or carer has been shown the VIG explainer video.</summary>
    public required bool? ExplainerVideoShown { get; init; }

    /// <summary>The date the explainer video was shown.</summary>
    public required DateOnly? ExplainerVideoShownOn { get; init; }

    /// <summary>Whether the professional network around the family was consulted.</summary>
    public required bool? ProfessionalNetworkConsulted { get; init; }

    /// <summary>Whether that network agrees VIG is right now.</summary>
    public required bool? ProfessionalNetworkAgrees { get; init; }

    internal static ReadinessResponse From(Model.Readiness readiness) => new()
    {
        AssessmentIndicatesVig = readiness.AssessmentIndicatesVig,
        AssessmentSummary = readiness.AssessmentSummary,
        ExplainerVideoShown = readiness.ExplainerVideoShown,
        ExplainerVideoShownOn = readiness.ExplainerVideoShownOn,
        ProfessionalNetworkConsulted = readiness.ProfessionalNetworkConsulted,
        ProfessionalNetworkAgrees = readiness.ProfessionalNetworkAgrees,
    };
}

/// <summary>The parent or carer's own answers; null means not yet answered.</summary>
public sealed record ViewsResponse
{
    /// <summary>The change the parent or carer hopes for, in their words.</summary>
    [MaxLength(Model.ParentCarerViews.AnswerMaxLength)]
    public required string? HopedForChange { get; init; }

    /// <summary>Whether that change is agreed between parent or carer and referrer.</summary>
    public required bool? ChangeMutuallyAgreed { get; init; }

    /// <summary>The impact on the child the parent or carer hopes for.</summary>
    [MaxLength(Model.ParentCarerViews.AnswerMaxLength)]
    public required string? ImpactOnChild { get; init; }

    /// <summary>Whether the parent or carer is clear about that impact.</summary>
    public required bool? ParentCarerClearAboutImpact { get; init; }

    internal static ViewsResponse From(Model.ParentCarerViews views) => new()
    {
        HopedForChange = views.HopedForChange,
        ChangeMutuallyAgreed = views.ChangeMutuallyAgreed,
        ImpactOnChild = views.ImpactOnChild,
        ParentCarerClearAboutImpact = views.ParentCarerClearAboutImpact,
    };
}

/// <summary>
/// A service-level clock as read now: what is awaited, since when, and when it is due, counted in the
/// council's working days (Monday to Friday, not bank holidays of England and Wales, in Europe/London).
/// </summary>
public sealed record ClockResponse
{
    /// <summary>What is awaited: the team's decision, the referrer's answer, or allocation.</summary>
    public required ClockKind Awaiting { get; init; }

    /// <summary>When the clock started: the (re)submission, the request for information, or the acceptance.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The target, in working days, that the clock started with.</summary>
    [Range(1, Vig.Domain.ServiceLevels.ServiceLevelTargets.MaxWorkingDays)]
    public required int TargetWorkingDays { get; init; }

    /// <summary>The last working day within the target, in the council's calendar.</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>When the clock becomes overdue: the end of dueOn in the council's time zone, as an instant.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>True from dueAt on.</summary>
    public required bool Overdue { get; init; }

    /// <summary>Working days left after today up to dueOn; 0 on dueOn and once overdue.</summary>
    [Range(0, Vig.Domain.ServiceLevels.ServiceLevelTargets.MaxWorkingDays)]
    public required int WorkingDaysLeft { get; init; }

    /// <summary>Working days since dueOn, today included; 0 until overdue (and on the non-working days just after dueOn).</summary>
    [Range(0, int.MaxValue)]
    public required int WorkingDaysOverdue { get; init; }

    internal static ClockResponse From(Vig.Domain.ServiceLevels.ClockReading reading) => new()
    {
        Awaiting = reading.Clock.Awaiting.To<ClockKind>(),
        Since = reading.Clock.Since,
        TargetWorkingDays = reading.Clock.TargetWorkingDays,
        DueOn = reading.DueOn,
        DueAt = reading.Clock.DueAt,
        Overdue = reading.Overdue,
        WorkingDaysLeft = reading.WorkingDaysLeft,
        WorkingDaysOverdue = reading.WorkingDaysOverdue,
    };
}

/// <summary>What a service-level clock measured when the referral left the status it ran in, in the council's working days.</summary>
public sealed record ClockResultResponse
{
    /// <summary>What was awaited: the team's decision, the referrer's answer, or allocation.</summary>
    public required ClockKind Awaited { get; init; }

    /// <summary>When the clock started.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When it stopped: the change of status in movedTo.</summary>
    public required DateTimeOffset StoppedAt { get; init; }

    /// <summary>The status the referral moved to, which stopped the clock (withdrawn, for one the referrer stopped).</summary>
    public required ReferralStatus MovedTo { get; init; }

    /// <summary>The target, in working days, that the clock started with.</summary>
    [Range(1, Vig.Domain.ServiceLevels.ServiceLevelTargets.MaxWorkingDays)]
    public required int TargetWorkingDays { get; init; }

    /// <summary>Working days it took: those after the day it started up to the day it stopped (0 when stopped the day it started).</summary>
    [Range(0, int.MaxValue)]
    public required int WorkingDays { get; init; }

    /// <summary>True when it stopped before its due time (the end of its last working day within the target).</summary>
    public required bool WithinTarget { get; init; }

    internal static ClockResultResponse From(Vig.Domain.ServiceLevels.ClockResult result) => new()
    {
        Awaited = result.Kind.To<ClockKind>(),
        Since = result.Since,
        StoppedAt = result.StoppedAt,
        MovedTo = result.MovedTo.To<ReferralStatus>(),
        TargetWorkingDays = result.TargetWorkingDays,
        WorkingDays = result.WorkingDays,
        WithinTarget = result.WithinTarget,
    };
}

/// <summary>
/// How long allocation has been taking: the referrals allocated in the last 90 days (the council's
/// calendar, today included), and the median working days each waited from acceptance. Read when the
/// referral is; the ETag follows the referral's own changes only.
/// </summary>
public sealed record AllocationExpectationResponse
{
    /// <summary>Referrals allocated in the last 90 days.</summary>
    [Range(0, int.MaxValue)]
    public required int Allocations { get; init; }

    /// <summary>Their median working days from acceptance to allocation (rounded to 0.01); null when none was allocated in the 90 days.</summary>
    public required double? MedianWorkingDays { get; init; }

    internal static AllocationExpectationResponse From(Application.ServiceLevels.AllocationExpectation expectation) =>
        new() { Allocations = expectation.Allocations, MedianWorkingDays = expectation.MedianWorkingDays };
}

/// <summary>A consent as recorded; a withdrawal is recorded on it and the record is kept.</summary>
public sealed record ConsentResponse
{
    /// <summary>The consent's id, for withdrawing it.</summary>
    public required Guid Id { get; init; }

    /// <summary>The parent or carer who consented; null when the child consented.</summary>
    public required Guid? ParentCarerId { get; init; }

    /// <summary>True when the child consented.</summary>
    public required bool GivenByChild { get; init; }

    /// <summary>What the consent is to.</summary>
    public required ConsentKind Kind { get; init; }

    /// <summary>The date the consent was given.</summary>
    public required DateOnly GivenOn { get; init; }

    /// <summary>The client that recorded it.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string RecordedBy { get; init; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>False once withdrawn.</summary>
    public required bool InForce { get; init; }

    /// <summary>The date the consent was withdrawn; null while in force.</summary>
    public required DateOnly? WithdrawnOn { get; init; }

    /// <summary>The client that recorded the withdrawal; null while in force.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string? WithdrawalRecordedBy { get; init; }

    internal static ConsentResponse From(Model.ConsentRecord consent) => new()
    {
        Id = consent.Id,
        ParentCarerId = consent.ParentCarerId,
        GivenByChild = consent.GivenByChild,
        Kind = consent.Kind.To<ConsentKind>(),
        GivenOn = consent.GivenOn,
        RecordedBy = consent.RecordedBy,
        RecordedAt = consent.RecordedAt,
        InForce = consent.IsInForce,
        WithdrawnOn = consent.WithdrawnOn,
        WithdrawalRecordedBy = consent.WithdrawalRecordedBy,
    };
}

/// <summary>The acceptance rules applied to a referral on one day.</summary>
public sealed record EvaluationResponse
{
    /// <summary>The version of the acceptance policy applied.</summary>
    [MaxLength(Acceptance.AcceptancePolicy.VersionMaxLength)]
    public required string PolicyVersion { get; init; }

    /// <summary>The referral date that ages and time limits are counted from.</summary>
    public required DateOnly ReferralDate { get; init; }

    /// <summary>The day the rules were applied, in the council's calendar.</summary>
    public required DateOnly EvaluatedOn { get; init; }

    /// <summary>The overall result.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>The codes of the rules not met, in rule order.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    [ItemMaxLength(Acceptance.AcceptanceRule.CodeMaxLength)]
    public required IReadOnlyList<string> UnmetRules { get; init; }

    /// <summary>Every rule's result, in rule order.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    public required IReadOnlyList<RuleResultResponse> Rules { get; init; }

    /// <summary>The wire form of an evaluation.</summary>
    internal static EvaluationResponse From(Acceptance.AcceptanceEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new()
        {
            PolicyVersion = evaluation.PolicyVersion,
            ReferralDate = evaluation.ReferralDate,
            EvaluatedOn = evaluation.EvaluatedOn,
            Verdict = evaluation.Verdict.To<Verdict>(),
            UnmetRules = [.. evaluation.Unmet.Select(r => r.Code)],
            Rules = [.. evaluation.Results.Select(RuleResultResponse.From)],
        };
    }
}

/// <summary>One acceptance rule's result.</summary>
public sealed record RuleResultResponse
{
    /// <summary>The rule's stable code (GET /api/v1/acceptance-rules).</summary>
    [MaxLength(Acceptance.AcceptanceRule.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>What the rule being unmet means.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>Whether the rule is met.</summary>
    public required RuleOutcome Outcome { get; init; }

    /// <summary>What the rule requires, in plain words.</summary>
    public required string Criterion { get; init; }

    /// <summary>What the referrer must do to meet it; null when the rule is met.</summary>
    public required string? WhatToDo { get; init; }

    internal static RuleResultResponse From(Acceptance.RuleResult result) => new()
    {
        Code = result.Code,
        Kind = result.Kind.To<RuleKind>(),
        Outcome = result.Outcome.To<RuleOutcome>(),
        Criterion = result.Criterion,
        WhatToDo = result.WhatToDo,
    };
}
