using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

/// <summary>Every refusal a referral can give, each with its stable code.</summary>
public static class ReferralErrors
{
    public static readonly DomainError NotFound = DomainError.NotFound(
        "referral.not-found",
        "No referral with this id is available to you. Check the id, or list referrals to find it.");

    public static DomainError ActionNotAllowed(ReferralAction action, ReferralStatus status, IEnumerable<ReferralAction> allowed) => DomainError.Conflict(
        "referral.action-not-allowed",
        $"'{action}' is not allowed while the referral is {status}. Allowed now: {Describe(allowed)}.");

    public static DomainError AcceptanceCriteriaNotMet(IReadOnlyList<string> ruleCodes) => new(
        "referral.acceptance-criteria-not-met",
        "The referral cannot be accepted until every acceptance rule is met; see ruleCodes. Request information, or decline it.",
        ErrorKind.Invalid,
        ruleCodes);

    public static DomainError ConsentRequiredForAllocation(IReadOnlyList<string> ruleCodes) => new(
        "referral.consent-required",
        "The referral cannot be allocated while consent is not in force; see ruleCodes. Record consent given again first.",
        ErrorKind.Invalid,
        ruleCodes);

    public static DomainError OutcomeNotYetAvailable(ReferralStatus status) => DomainError.Conflict(
        "referral.outcome-not-yet-available",
        $"The referral is {status}: its outcome is available once it is closed. Follow referral.outcome-available in the events.");

    public static readonly DomainError NotFinished = DomainError.Conflict(
        "referral.not-finished",
        "Only a declined, closed or withdrawn referral can be anonymised.");

    public static readonly DomainError NothingToAsk = DomainError.Invalid(
        "referral.information-request-empty",
        "Name the acceptance rules the referrer must answer: no rule is unmet in the latest evaluation.");

    public static DomainError UnknownRules(IEnumerable<string> codes) => DomainError.Invalid(
        "referral.unknown-rule",
        $"These are not acceptance rule codes: {string.Join(", ", codes)}. See GET /api/v1/acceptance-rules.");

    public static readonly DomainError CommentRequired = DomainError.Invalid(
        "referral.comment-required",
        "Give a comment that explains the decision to the referrer.");

    public static readonly DomainError PractitionerRequired = DomainError.Invalid(
        "referral.practitioner-required",
        "Name the practitioner the referral is allocated to.");

    public static readonly DomainError DuplicateParentCarer = DomainError.Invalid(
        "referral.duplicate-parent-carer",
        "Each parent or carer must appear once, with a distinct id.");

    public static readonly DomainError UnknownParentCarer = DomainError.Invalid(
        "consent.unknown-parent-carer",
        "The consent names a parent or carer who is not on this referral. Use the id of one of its parentCarers, or none for the child's own consent.");

    public static readonly DomainError ConsentDateInFuture = DomainError.Invalid(
        "consent.date-in-future",
        "A consent cannot be given or withdrawn on a date after today.");

    public static readonly DomainError ConsentBeforeBirth = new(
        "consent.before-birth",
        "A consent cannot be given before the child's date of birth. Check the date it was given, and the child's date of birth.",
        ErrorKind.Invalid,
        Fields: new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["givenOn"] = ["The consent cannot have been given before the child's date of birth; check both dates."],
        });

    public static readonly DomainError ConsentLimitReached = DomainError.Invalid(
        "consent.limit-reached",
        $"This referral already holds {Referral.MaxConsents} consents, withdrawn ones included: the most it can hold, so no more can be recorded on it.");

    public static readonly DomainError WithdrawalBeforeConsent = DomainError.Invalid(
        "consent.withdrawn-before-given",
        "A consent cannot be withdrawn before the date it was given.");

    public static readonly DomainError ConsentNotFound = DomainError.NotFound(
        "consent.not-found",
        "This referral has no consent with that id.");

    public static readonly DomainError NoConsentInForce = DomainError.Conflict(
        "consent.none-in-force",
        "No consent on this referral is in force, so there is none to withdraw. Record a consent first.");

    public static readonly DomainError ConsentAlreadyWithdrawn = DomainError.Conflict(
        "consent.already-withdrawn",
        "This consent has already been withdrawn. Record a new consent if it is given again.");

    private static string Describe(IEnumerable<ReferralAction> actions)
    {
        var list = actions.Select(a => a.ToString()).ToList();
        return list.Count == 0 ? "nothing (the referral is finished)" : string.Join(", ", list);
    }
}
