using Vig.Domain.Acceptance;
using Vig.Domain.Acceptance.Rules;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.ServiceLevels;

namespace Vig.Domain.Referrals;

/// <summary>
/// A request for VIG for one child. It guards its lifecycle: each transition is a method that
/// refuses an illegal move with a coded error and appends to the status history. Acceptance is
/// refused unless the acceptance rules are all met on the decision date.
/// </summary>
public sealed class Referral
{
    public const int PractitionerMaxLength = 200;

    /// <summary>
    /// The most consents a referral keeps, withdrawn ones included (a withdrawal keeps its record):
    /// both kinds for each parent or carer it can name and for the child, each with room to be
    /// given again or corrected once. Recording one more is refused (consent.limit-reached).
    /// </summary>
    public const int MaxConsents = (ReferralDetails.MaxParentCarers + 1) * 4;

    /// <summary>
    /// The most questionnaires a referral keeps: a form before and one after VIG for each parent or
    /// carer it can name, each with room for one correction (a kept form is never removed).
    /// Recording one more is refused (questionnaire.limit-reached).
    /// </summary>
    public const int MaxQuestionnaires = ReferralDetails.MaxParentCarers * 4;

    /// <summary>
    /// The most clock results a referral keeps. A referral runs few clocks: a decision clock per
    /// (re)submission, an information clock per request for information, one allocation clock; twenty
    /// is ten rounds of questions, far more than any referral takes. Past it the oldest goes, so the
    /// latest (allocation last) stay; the reports keep every one (ADR 0032).
    /// </summary>
    public const int MaxClockResults = 20;

    private static readonly Dictionary<ReferralStatus, ReferralAction[]> Allowed = new()
    {
        [ReferralStatus.Draft] = [ReferralAction.Edit, ReferralAction.Submit, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Submitted] = [ReferralAction.RequestInformation, ReferralAction.Accept, ReferralAction.Decline, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.InformationRequested] = [ReferralAction.Edit, ReferralAction.Submit, ReferralAction.Decline, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Accepted] = [ReferralAction.Allocate, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Allocated] = [ReferralAction.Close, ReferralAction.Withdraw, ReferralAction.RecordConsent, ReferralAction.WithdrawConsent, ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Declined] = [],
        // Closed is finished, but the VIG team may still keep a form completed after VIG (ADR 0033).
        [ReferralStatus.Closed] = [ReferralAction.RecordQuestionnaire],
        [ReferralStatus.Withdrawn] = [],
    };

    private static readonly string[] ConsentRuleCodes = [ParentCarersHaveConsentedRule.RuleCode, OlderChildHasConsentedToFilmingRule.RuleCode];

    // Not readonly: EF Core sets the lists it keeps as JSON values when it loads a referral.
#pragma warning disable IDE0044
    private List<ParentCarer> _parentCarers = [];
    private readonly List<ConsentRecord> _consents = [];
    private List<StatusChange> _history = [];
    private List<AcceptanceEvaluation> _evaluations = [];
    private List<ClockResult> _clockResults = [];
#pragma warning restore IDE0044
    private readonly List<QuestionnaireResult> _questionnaires = [];

    private Referral()
    {
        Reference = null!;
        CreatedBy = string.Empty;
        Readiness = Readiness.Unanswered;
        Views = ParentCarerViews.Unanswered;
    }

    public Guid Id { get; private set; }

    public ReferralReference Reference { get; private set; }

    /// <summary>The client that created the referral.</summary>
    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public ReferralStatus Status { get; private set; }

    /// <summary>Grows by one with every change; clients send it back to show what they changed.</summary>
    public int Version { get; private set; }

    /// <summary>The day the referral was first submitted: ages are counted on it.</summary>
    public DateOnly? ReferralDate { get; private set; }

    public ReferralRoute? Route { get; private set; }

    public Referrer? Referrer { get; private set; }

    public Child? Child { get; private set; }

    /// <summary>In the order the client last sent them.</summary>
    public IReadOnlyList<ParentCarer> ParentCarers => _parentCarers;

    /// <summary>In the order of the concern catalogue (GET /concern-categories), however they were sent or stored.</summary>
    public IReadOnlyList<ConcernCategory> Concerns { get; private set; } = [];

    public string? ConcernAccount { get; private set; }

    public Readiness Readiness { get; private set; }

    public ParentCarerViews Views { get; private set; }

    /// <summary>In the order they were recorded.</summary>
    public IReadOnlyList<ConsentRecord> Consents => _consents;

    public IReadOnlyList<StatusChange> History => _history;

    /// <summary>Every evaluation stored at a submission or decision, oldest first.</summary>
    public IReadOnlyList<AcceptanceEvaluation> Evaluations => _evaluations;

    public AcceptanceEvaluation? LatestEvaluation => _evaluations.Count == 0 ? null : _evaluations[^1];

    /// <summary>Completed pre-assessment questionnaires, in the order they were recorded. They never change an evaluation.</summary>
    public IReadOnlyList<QuestionnaireResult> Questionnaires => _questionnaires;

    /// <summary>While information is requested: the rules the referrer must answer, in the policy's rule order.</summary>
    public IReadOnlyList<string> RequestedInformation { get; private set; } = [];

    public string? DeclineReasonCode { get; private set; }

    /// <summary>The referral this one was declined as a duplicate of; null unless declined as a duplicate.</summary>
    public Guid? DuplicateOf { get; private set; }

    public string? AllocatedTo { get; private set; }

    public ClosureOutcome? Outcome { get; private set; }

    /// <summary>The service-level clock running in this status (decision, information or allocation); null when none runs.</summary>
    public ReferralClock? Clock { get; private set; }

    /// <summary>What each stopped clock measured, oldest first: the latest <see cref="MaxClockResults"/>.</summary>
    public IReadOnlyList<ClockResult> ClockResults => _clockResults;

    /// <summary>When the personal data was removed under the retention policy; null while it is held.</summary>
    public DateTimeOffset? AnonymisedAt { get; private set; }

    /// <summary>Declined, closed or withdrawn: nothing more will happen to it.</summary>
    public bool IsFinished => Status is ReferralStatus.Declined or ReferralStatus.Closed or ReferralStatus.Withdrawn;

    /// <summary>
    /// The change per subscale for every parent/carer with a form before and one after VIG on the
    /// same questionnaire version (<see cref="QuestionnaireChanges.Between"/>); worked out on read, never stored.
    /// </summary>
    public IReadOnlyList<MeasuredChange> MeasuredChanges => QuestionnaireChanges.Between(_questionnaires);

    public ReferralDetails Details =>
        new(Route, Referrer, Child, ParentCarers, Concerns, ConcernAccount, Readiness, Views);

    public static Referral Create(Guid id, ReferralReference reference, ReferralDetails details, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(stamp);
        var referral = new Referral
        {
            Id = id,
            Reference = reference,
            CreatedBy = stamp.By,
            CreatedAt = stamp.At,
            Status = ReferralStatus.Draft,
        };
        referral.SetDetails(details);
        referral._history.Add(new StatusChange(null, ReferralStatus.Draft, stamp.At, stamp.By, null, null));
        referral.Touch(stamp);
        return referral;
    }

    /// <summary>What the status allows, by the transition table alone; <see cref="Options"/> also asks whether each would succeed now.</summary>
    public IReadOnlyList<ReferralAction> AllowedActions() => Allowed[Status];

    /// <summary>
    /// The actions the status allows, split into those that would succeed now (given well-formed
    /// input) and those the acceptance rules or the consents block, each with the error it would
    /// meet. The same checks guard the actions themselves, so the two cannot disagree.
    /// </summary>
    public ActionOptions Options(AcceptancePolicy policy, DateOnly on) => Options(Evaluate(policy, on));

    /// <summary>
    /// As <see cref="Options(AcceptancePolicy, DateOnly)"/>, with <paramref name="evaluation"/> the
    /// rules already applied to the referral as it stands on the day, so that they run once.
    /// </summary>
    public ActionOptions Options(AcceptanceEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var available = new List<ReferralAction>();
        var blocked = new List<BlockedAction>();
        foreach (var action in Allowed[Status])
        {
            if (Obstacle(action, evaluation) is { } error)
            {
                blocked.Add(new BlockedAction(action, error));
            }
            else
            {
                available.Add(action);
            }
        }

        return new ActionOptions(available, blocked);
    }

    /// <summary>The rules applied to the referral as it stands, counting ages on its referral date (or <paramref name="on"/> before it is submitted).</summary>
    public AcceptanceEvaluation Evaluate(AcceptancePolicy policy, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Evaluate(new ReferralFacts(ReferralDate ?? on, Details, Consents), on);
    }

    public void Edit(ReferralDetails details, Stamp stamp)
    {
        EnsureAllowed(ReferralAction.Edit);
        SetDetails(details);
        Touch(stamp);
    }

    public AcceptanceEvaluation Submit(AcceptancePolicy policy, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.Submit);
        ReferralDate ??= stamp.On;
        var evaluation = Evaluate(policy, stamp.On);
        _evaluations.Add(evaluation);
        RequestedInformation = [];
        MoveTo(ReferralStatus.Submitted, stamp, null, null);
        return evaluation;
    }

    /// <summary>Asks the referrer to answer the named rules; with none named, every unmet rule of the latest evaluation.</summary>
    public void RequestInformation(IReadOnlyCollection<string> ruleCodes, string? comment, AcceptancePolicy policy, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(ruleCodes);
        ArgumentNullException.ThrowIfNull(policy);
        EnsureAllowed(ReferralAction.RequestInformation);
        var unknown = ruleCodes.Where(code => policy.Rules.All(r => r.Code != code)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException(ReferralErrors.UnknownRules(unknown));
        }

        var named = ruleCodes.Count > 0
            ? ruleCodes
            : LatestEvaluation?.Unmet.Select(r => r.Code).ToList() ?? [];
        var asked = policy.Rules.Select(r => r.Code).Where(named.Contains).ToList();
        if (asked.Count == 0)
        {
            throw new DomainException(ReferralErrors.NothingToAsk);
        }

        RequestedInformation = asked;
        MoveTo(ReferralStatus.InformationRequested, stamp, null, comment);
    }

    public void Accept(AcceptancePolicy policy, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.Accept);
        var evaluation = Evaluate(policy, stamp.On);
        if (Obstacle(ReferralAction.Accept, evaluation) is { } error)
        {
            throw new DomainException(error);
        }

        _evaluations.Add(evaluation);
        MoveTo(ReferralStatus.Accepted, stamp, null, null);
    }

    /// <summary>Declines for a reason other than a duplicate, which must name the original (<see cref="DeclineAsDuplicateOf"/>).</summary>
    public void Decline(DeclineReason reason, string comment, Stamp stamp) => Decline(reason, comment, stamp, null);

    /// <summary>Declines the referral as a duplicate of <paramref name="original"/>, another referral of the same child.</summary>
    public void DeclineAsDuplicateOf(Guid original, string comment, Stamp stamp) => Decline(DeclineReason.Duplicate, comment, stamp, original);

    private void Decline(DeclineReason reason, string comment, Stamp stamp, Guid? original)
    {
        ArgumentNullException.ThrowIfNull(reason);
        EnsureAllowed(ReferralAction.Decline);
        if (PlainText.IsBlank(comment))
        {
            throw new DomainException(ReferralErrors.CommentRequired);
        }

        if (reason == DeclineReason.Duplicate && original is null)
        {
            throw new DomainException(PossibleDuplicateErrors.DuplicateOfRequired);
        }

        if (original == Id)
        {
            throw new DomainException(PossibleDuplicateErrors.DuplicateOfUnknown);
        }

        DeclineReasonCode = reason.Code;
        DuplicateOf = original;
        MoveTo(ReferralStatus.Declined, stamp, reason.Code, comment);
    }

    /// <summary>Allocates to a practitioner; refused while a consent the rules need is not in force.</summary>
    public void Allocate(string practitioner, AcceptancePolicy policy, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.Allocate);
        if (PlainText.IsBlank(practitioner))
        {
            throw new DomainException(ReferralErrors.PractitionerRequired);
        }

        if (Obstacle(ReferralAction.Allocate, Evaluate(policy, stamp.On)) is { } error)
        {
            throw new DomainException(error);
        }

        AllocatedTo = PlainText.Trimmed(practitioner);
        MoveTo(ReferralStatus.Allocated, stamp, null, null);
    }

    public void Close(ClosureOutcome outcome, string? comment, Stamp stamp)
    {
        EnsureAllowed(ReferralAction.Close);
        if (outcome == ClosureOutcome.Other && PlainText.IsBlank(comment))
        {
            throw new DomainException(ReferralErrors.CommentRequired);
        }

        Outcome = outcome;

        // Recorded as clients spell the outcome ("endedEarly").
        var code = outcome.ToString();
        MoveTo(ReferralStatus.Closed, stamp, char.ToLowerInvariant(code[0]) + code[1..], comment);
    }

    public void Withdraw(string reason, Stamp stamp)
    {
        EnsureAllowed(ReferralAction.Withdraw);
        if (PlainText.IsBlank(reason))
        {
            throw new DomainException(ReferralErrors.CommentRequired);
        }

        MoveTo(ReferralStatus.Withdrawn, stamp, null, reason);
    }

    /// <summary>Records a consent given by a parent/carer of this referral, or by the child when <paramref name="parentCarerId"/> is null.</summary>
    public ConsentRecord RecordConsent(Guid consentId, Guid? parentCarerId, ConsentKind kind, DateOnly givenOn, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.RecordConsent);
        if (Obstacle(ReferralAction.RecordConsent, null) is { } error)
        {
            throw new DomainException(error);
        }

        if (parentCarerId is { } id && _parentCarers.All(p => p.Id != id))
        {
            throw new DomainException(ReferralErrors.UnknownParentCarer);
        }

        if (givenOn > stamp.On)
        {
            throw new DomainException(ReferralErrors.ConsentDateInFuture);
        }

        if (Child is { } child && givenOn < child.DateOfBirth)
        {
            throw new DomainException(ReferralErrors.ConsentBeforeBirth);
        }

        var consent = ConsentRecord.Given(consentId, parentCarerId, kind, givenOn, stamp);
        _consents.Add(consent);
        Touch(stamp);
        return consent;
    }

    /// <summary>
    /// Keeps a questionnaire completed by a parent/carer of this referral, scored on the version it
    /// was filled in on. Only a complete, valid form is kept; the acceptance rules do not read it.
    /// </summary>
    public QuestionnaireResult RecordQuestionnaire(Questionnaire questionnaire, Guid parentCarerId, DateOnly completedOn, IReadOnlyList<ItemAnswer> answers, Stamp stamp) =>
        RecordQuestionnaire(questionnaire, QuestionnaireTimepoint.Before, parentCarerId, completedOn, answers, stamp);

    /// <summary>
    /// As above, at <paramref name="timepoint"/>: a form before VIG while the referral is open; a form
    /// after VIG only once the work is under way or has ended (allocated or closed), so that a change
    /// is never measured from two forms completed before the work began.
    /// </summary>
    public QuestionnaireResult RecordQuestionnaire(Questionnaire questionnaire, QuestionnaireTimepoint timepoint, Guid parentCarerId, DateOnly completedOn, IReadOnlyList<ItemAnswer> answers, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.RecordQuestionnaire);
        if (Obstacle(ReferralAction.RecordQuestionnaire, null) is { } error)
        {
            throw new DomainException(error);
        }

        if (timepoint == QuestionnaireTimepoint.After && Status is not (ReferralStatus.Allocated or ReferralStatus.Closed))
        {
            throw new DomainException(QuestionnaireErrors.AfterTooEarly(Status));
        }

        if (timepoint == QuestionnaireTimepoint.Before && Status == ReferralStatus.Closed)
        {
            throw new DomainException(QuestionnaireErrors.BeforeOnClosed);
        }

        if (_parentCarers.All(p => p.Id != parentCarerId))
        {
            throw new DomainException(QuestionnaireErrors.UnknownParentCarer);
        }

        if (completedOn > stamp.On)
        {
            throw new DomainException(QuestionnaireErrors.CompletedInFuture);
        }

        if (Child is { } child && completedOn < child.DateOfBirth)
        {
            throw new DomainException(QuestionnaireErrors.CompletedBeforeBirth);
        }

        var result = QuestionnaireResult.Completed(questionnaire, timepoint, parentCarerId, completedOn, answers, stamp);
        _questionnaires.Add(result);
        Touch(stamp);
        return result;
    }

    public ConsentRecord WithdrawConsent(Guid consentId, DateOnly withdrawnOn, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        EnsureAllowed(ReferralAction.WithdrawConsent);
        var consent = _consents.FirstOrDefault(c => c.Id == consentId) ?? throw new DomainException(ReferralErrors.ConsentNotFound);
        if (!consent.IsInForce)
        {
            throw new DomainException(ReferralErrors.ConsentAlreadyWithdrawn);
        }

        if (withdrawnOn > stamp.On)
        {
            throw new DomainException(ReferralErrors.ConsentDateInFuture);
        }

        if (withdrawnOn < consent.GivenOn)
        {
            throw new DomainException(ReferralErrors.WithdrawalBeforeConsent);
        }

        consent.Withdraw(withdrawnOn, stamp.By, stamp.At);
        Touch(stamp);
        return consent;
    }

    /// <summary>
    /// Starts, keeps or stops the service-level clock to match the status: saving a change calls it,
    /// so a clock starts when its status is entered (each resubmission starts a new decision clock)
    /// and stops when it is left, keeping what it measured. A change within the status leaves its clock running.
    /// </summary>
    public void TrackClock(ServiceLevelClocks clocks)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        var since = _history[^1].At;
        var awaited = ServiceLevelClocks.AwaitedIn(Status);
        if (Clock is { } running && running.Awaiting == awaited && running.Since == since)
        {
            return;
        }

        if (Clock is { } stopped)
        {
            if (_clockResults.Count == MaxClockResults)
            {
                _clockResults.RemoveAt(0);
            }

            _clockResults.Add(clocks.Stop(stopped, since, Status));
        }

        Clock = awaited is { } kind ? clocks.Start(kind, since) : null;
    }

    /// <summary>
    /// Notes that the running clock has passed its due time, once: true the first time it is found
    /// overdue (then its event is raised), false when it is not due yet or was already noted. Not a
    /// change anyone made, so the version stays: nobody's If-Match goes stale for it.
    /// </summary>
    public bool MarkOverdue(DateTimeOffset now)
    {
        if (Clock is not { OverdueAt: null } clock || now < clock.DueAt)
        {
            return false;
        }

        Clock = clock with { OverdueAt = now };
        return true;
    }

    /// <summary>
    /// Removes the personal data of a finished referral past its retention period: names, contact
    /// details, free text and the case id go; the birth year, codes, statuses and dates stay for
    /// reporting. Nothing is deleted.
    /// </summary>
    public void Anonymise(Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        if (!IsFinished)
        {
            throw new DomainException(ReferralErrors.NotFinished);
        }

        if (AnonymisedAt is not null)
        {
            return;
        }

        const string removed = "(removed)";
        Referrer = Referrer is null ? null : Referrer with { Name = removed, Email = null, Phone = null };
        Child = Child is null ? null : Child with { Name = removed, DateOfBirth = new DateOnly(Child.DateOfBirth.Year, 1, 1), ExternalCaseId = null };
        var parents = _parentCarers.Select(p => p with { Name = removed }).ToList();
        _parentCarers.Clear();
        _parentCarers.AddRange(parents);
        ConcernAccount = null;
        Readiness = Readiness with { AssessmentSummary = null };
        Views = Views with { HopedForChange = null, ImpactOnChild = null };
        var history = _history.Select(h => h with { Comment = null }).ToList();
        _history.Clear();
        _history.AddRange(history);
        AnonymisedAt = stamp.At;
        Touch(stamp);
    }

    private void SetDetails(ReferralDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.ParentCarers.Select(p => p.Id).Distinct().Count() != details.ParentCarers.Count)
        {
            throw new DomainException(ReferralErrors.DuplicateParentCarer);
        }

        Route = details.Route;
        Referrer = details.Referrer;
        Child = details.Child;
        _parentCarers.Clear();
        _parentCarers.AddRange(details.ParentCarers);
        Concerns = [.. details.Concerns.Distinct().OrderBy(c => c.DisplayOrder)];
        ConcernAccount = details.ConcernAccount;
        Readiness = details.Readiness;
        Views = details.Views;
    }

    /// <summary>
    /// Why an action the status allows would fail now, whatever the input; null when nothing stands
    /// in its way. The actions and <see cref="Options"/> both ask here.
    /// </summary>
    private DomainError? Obstacle(ReferralAction action, AcceptanceEvaluation? evaluation) => action switch
    {
        ReferralAction.Accept when evaluation!.Verdict != Verdict.Eligible =>
            ReferralErrors.AcceptanceCriteriaNotMet([.. evaluation.Unmet.Select(r => r.Code)]),
        ReferralAction.Allocate when evaluation!.Unmet.Select(r => r.Code).Where(ConsentRuleCodes.Contains).ToList() is { Count: > 0 } gaps =>
            ReferralErrors.ConsentRequiredForAllocation(gaps),
        ReferralAction.WithdrawConsent when !_consents.Any(c => c.IsInForce) => ReferralErrors.NoConsentInForce,
        ReferralAction.RecordConsent when _consents.Count >= MaxConsents => ReferralErrors.ConsentLimitReached,
        ReferralAction.RecordQuestionnaire when AnonymisedAt is not null => QuestionnaireErrors.Anonymised,
        ReferralAction.RecordQuestionnaire when _parentCarers.Count == 0 => QuestionnaireErrors.NoParentCarer,
        ReferralAction.RecordQuestionnaire when _questionnaires.Count >= MaxQuestionnaires => QuestionnaireErrors.LimitReached,
        _ => null,
    };

    private void EnsureAllowed(ReferralAction action)
    {
        if (!Allowed[Status].Contains(action))
        {
            throw new DomainException(ReferralErrors.ActionNotAllowed(action, Status, Allowed[Status]));
        }
    }

    private void MoveTo(ReferralStatus status, Stamp stamp, string? reasonCode, string? comment)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        _history.Add(new StatusChange(Status, status, stamp.At, stamp.By, reasonCode, PlainText.TrimmedOrNull(comment)));
        Status = status;
        Touch(stamp);
    }

    private void Touch(Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        UpdatedAt = stamp.At;
        Version++;
    }
}
