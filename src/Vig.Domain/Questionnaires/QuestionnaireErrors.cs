using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Domain.Questionnaires;

/// <summary>Every refusal about questionnaires, each with its stable code.</summary>
public static class QuestionnaireErrors
{
    /// <summary>Scores describe; they never decide. Said with every score the service gives.</summary>
    public const string NotDiagnostic =
        "Descriptive only, not a diagnosis: there are no published clinical cut-offs for these scores. They do not change the acceptance decision.";

    public static DomainError AnswersInvalid(IReadOnlyDictionary<string, IReadOnlyList<string>> fields) => new(
        "questionnaire.answers-invalid",
        "The answers are not one complete form of this questionnaire version, so nothing was scored; see errors.",
        ErrorKind.Invalid,
        Fields: fields);

    public static DomainError NotFound(string id) => DomainError.NotFound(
        "questionnaire.not-found",
        $"There is no questionnaire '{id}' (or not in that version). See GET /api/v1/questionnaires.");

    public static DomainError NoneForAge(int ageYears) => DomainError.NotFound(
        "questionnaire.none-for-age",
        $"No questionnaire version is for a child aged {ageYears}. See GET /api/v1/questionnaires for the age ranges.");

    public static readonly DomainError UnknownParentCarer = DomainError.Invalid(
        "questionnaire.unknown-parent-carer",
        "The questionnaire names a parent or carer who is not on this referral. Use the id of one of its parentCarers.");

    public static readonly DomainError NoParentCarer = DomainError.Conflict(
        "questionnaire.no-parent-carer",
        "The referral names no parent or carer, so no one on it can have completed a questionnaire. Add the parent/carers to the referral first.");

    public static readonly DomainError CompletedInFuture = DomainError.Invalid(
        "questionnaire.date-in-future",
        "A questionnaire cannot be completed on a date after today.");

    public static readonly DomainError CompletedBeforeBirth = new(
        "questionnaire.before-birth",
        "A questionnaire cannot be completed before the child's date of birth. Check the date it was completed, and the child's date of birth.",
        ErrorKind.Invalid,
        Fields: new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["completedOn"] = ["The questionnaire cannot have been completed before the child's date of birth; check both dates."],
        });

    public static readonly DomainError LimitReached = DomainError.Invalid(
        "questionnaire.limit-reached",
        $"This referral already keeps {Referral.MaxQuestionnaires} questionnaires: the most it can hold, so no more can be recorded on it.");

    public static DomainError AfterTooEarly(ReferralStatus status) => DomainError.Conflict(
        "questionnaire.after-too-early",
        $"A form after VIG can be recorded only once the referral is allocated or closed; it is {status}. Record a form completed before the work began with timepoint before.");

    public static readonly DomainError BeforeOnClosed = DomainError.Conflict(
        "questionnaire.before-on-closed",
        "The referral is closed: only a form completed after VIG (timepoint after) can still be kept with it.");

    public static readonly DomainError AfterVigTeamOnly = DomainError.Forbidden(
        "questionnaire.after-vig-team-only",
        "Only the VIG team (scope referrals.decide) records a form completed after VIG. Record the pre-assessment with timepoint before.");

    public static readonly DomainError BeforeNeedsSubmit = DomainError.Forbidden(
        "questionnaire.before-needs-submit",
        "Recording a form before VIG needs the scope referrals.submit; the VIG team records forms after VIG with timepoint after.");

    public static readonly DomainError Anonymised = DomainError.Conflict(
        "questionnaire.referral-anonymised",
        "The referral's personal data has been removed under the retention policy, so no form can be added to it.");
}
