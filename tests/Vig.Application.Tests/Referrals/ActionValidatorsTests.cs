using FluentValidation.Results;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Acceptance.Rules;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// The bodies of the actions on a referral (request information, decline, allocate, close, withdraw,
/// withdraw a consent): each spoiled in one field is refused naming the field and saying what to
/// send; each is accepted up to its limits.
/// </summary>
public sealed class ActionValidatorsTests
{
    private const string OneLine = Messages.OneLine;
    private const string FreeText = Messages.FreeText;

    private static readonly Guid Id = Guid.Parse("0195f3a2-7c41-7d2e-9b1a-3c4d5e6f7a8b");

    private static readonly RequestInformationValidator RequestInformationRules = new();
    private static readonly DeclineReferralValidator DeclineRules = new();
    private static readonly AllocateReferralValidator AllocateRules = new();
    private static readonly CloseReferralValidator CloseRules = new();
    private static readonly WithdrawReferralValidator WithdrawRules = new();
    private static readonly WithdrawConsentValidator WithdrawConsentRules = new(TestCalendar.Calendar);

    private static readonly string[] EveryRuleCode = [.. AcceptanceRules.All.Select(r => r.Code)];

    private static readonly Dictionary<string, (Func<ValidationResult> Validate, string Path, string Message)> Refused = new(StringComparer.Ordinal)
    {
        ["information asked on more rules than there are"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, [.. EveryRuleCode, EveryRuleCode[0]], null)),
            "RuleCodes", "Name each rule once: at most 18."),
        ["information asked on a null rule"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, [EveryRuleCode[0], null!], null)),
            "RuleCodes[1]", "Remove the null: each is a rule code from GET /api/v1/acceptance-rules."),
        ["information asked on a rule code with a line break"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, ["route.kind\n"], null)),
            "RuleCodes[0]", OneLine),
        ["information asked on a rule code one over its limit"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, [Bodies.Text(AcceptanceRule.CodeMaxLength + 1)], null)),
            "RuleCodes[0]", Messages.TooLong("Rule Codes", AcceptanceRule.CodeMaxLength)),
        ["information asked with a NUL in the comment"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, null, "Please confirm\0")),
            "Comment", FreeText),
        ["information asked with a comment one over its limit"] = (() => RequestInformationRules.Validate(new RequestInformation(Id, 1, null, Bodies.Text(StatusChange.CommentMaxLength + 1))),
            "Comment", Messages.TooLong("Comment", StatusChange.CommentMaxLength)),

        ["declined without a reason"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, null, "Open elsewhere.")),
            "ReasonCode", "Use a code from GET /api/v1/decline-reasons."),
        ["declined for an unknown reason"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "too-busy", "Open elsewhere.")),
            "ReasonCode", "Use a code from GET /api/v1/decline-reasons."),
        ["declined for a reason code with a NUL"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate\0", "Open elsewhere.")),
            "ReasonCode", OneLine),
        ["declined without a comment"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate", null)),
            "Comment", "Explain the decision to the referrer."),
        ["declined with a blank comment"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate", " \r\n ")),
            "Comment", "Explain the decision to the referrer."),
        ["declined with a NUL in the comment"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate", "Open\0elsewhere.")),
            "Comment", FreeText),
        ["declined with a comment one over its limit"] = (() => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate", Bodies.Text(StatusChange.CommentMaxLength + 1))),
            "Comment", Messages.TooLong("Comment", StatusChange.CommentMaxLength)),

        ["allocated to nobody"] = (() => AllocateRules.Validate(new AllocateReferral(Id, 1, null)), "Practitioner", "Name the practitioner."),
        ["allocated to a blank name"] = (() => AllocateRules.Validate(new AllocateReferral(Id, 1, "\u200b")), "Practitioner", "Name the practitioner."),
        ["allocated to a name with a tab"] = (() => AllocateRules.Validate(new AllocateReferral(Id, 1, "Practitioner\tOne")), "Practitioner", OneLine),
        ["allocated to a name one over its limit"] = (() => AllocateRules.Validate(new AllocateReferral(Id, 1, Bodies.Text(Referral.PractitionerMaxLength + 1))),
            "Practitioner", Messages.TooLong("Practitioner", Referral.PractitionerMaxLength)),

        ["closed without an outcome"] = (() => CloseRules.Validate(new CloseReferral(Id, 1, null, "Done.")),
            "Outcome", "Give the outcome: completed, endedEarly, transferredToAnotherService or other."),
        ["closed with a NUL in the comment"] = (() => CloseRules.Validate(new CloseReferral(Id, 1, ClosureOutcome.Completed, "Done\0")), "Comment", FreeText),
        ["closed with a comment one over its limit"] = (() => CloseRules.Validate(new CloseReferral(Id, 1, ClosureOutcome.Completed, Bodies.Text(StatusChange.CommentMaxLength + 1))),
            "Comment", Messages.TooLong("Comment", StatusChange.CommentMaxLength)),

        ["withdrawn without a reason"] = (() => WithdrawRules.Validate(new WithdrawReferral(Id, 1, null)), "Reason", "Say why the referral is withdrawn."),
        ["withdrawn with a blank reason"] = (() => WithdrawRules.Validate(new WithdrawReferral(Id, 1, "\t")), "Reason", "Say why the referral is withdrawn."),
        ["withdrawn with a NUL in the reason"] = (() => WithdrawRules.Validate(new WithdrawReferral(Id, 1, "Moved\0away")), "Reason", FreeText),
        ["withdrawn with a reason one over its limit"] = (() => WithdrawRules.Validate(new WithdrawReferral(Id, 1, Bodies.Text(StatusChange.CommentMaxLength + 1))),
            "Reason", Messages.TooLong("Reason", StatusChange.CommentMaxLength)),

        ["a consent withdrawn tomorrow"] = (() => WithdrawConsentRules.Validate(new WithdrawConsent(Id, 1, Id, TestCalendar.Today.AddDays(1))),
            "WithdrawnOn", "The date the consent was withdrawn is after today (2027-01-14); give a date that has passed."),
        ["a consent withdrawn before 1900"] = (() => WithdrawConsentRules.Validate(new WithdrawConsent(Id, 1, Id, new DateOnly(1899, 12, 31))),
            "WithdrawnOn", "The date the consent was withdrawn is before 1900-01-01; check it."),
    };

    private static readonly Dictionary<string, Func<ValidationResult>> Accepted = new(StringComparer.Ordinal)
    {
        ["information asked on every unmet rule"] = () => RequestInformationRules.Validate(new RequestInformation(Id, 1, null, null)),
        ["information asked on every rule once"] = () => RequestInformationRules.Validate(new RequestInformation(Id, 1, EveryRuleCode, "Please confirm\nthese.")),
        ["information asked with the longest code and comment"] = () => RequestInformationRules.Validate(new RequestInformation(Id, 1, [Bodies.Text(AcceptanceRule.CodeMaxLength)], Bodies.Text(StatusChange.CommentMaxLength))),
        ["declined for each reason"] = () => new ValidationResult(DeclineReason.All.SelectMany(r => DeclineRules.Validate(new DeclineReferral(Id, 1, r.Code, "Open elsewhere.")).Errors)),
        ["declined with the longest comment"] = () => DeclineRules.Validate(new DeclineReferral(Id, 1, "duplicate", Bodies.Text(StatusChange.CommentMaxLength))),
        ["allocated to the longest name"] = () => AllocateRules.Validate(new AllocateReferral(Id, 1, Bodies.Text(Referral.PractitionerMaxLength))),
        ["closed without a comment"] = () => CloseRules.Validate(new CloseReferral(Id, 1, ClosureOutcome.Other, null)),
        ["closed with the longest comment on several lines"] = () => CloseRules.Validate(new CloseReferral(Id, 1, ClosureOutcome.EndedEarly, "Line\n" + Bodies.Text(StatusChange.CommentMaxLength - 5))),
        ["withdrawn with the longest reason"] = () => WithdrawRules.Validate(new WithdrawReferral(Id, 1, Bodies.Text(StatusChange.CommentMaxLength))),
        ["a consent withdrawn today"] = () => WithdrawConsentRules.Validate(new WithdrawConsent(Id, 1, Id, TestCalendar.Today)),
        ["a consent withdrawn on 1900-01-01"] = () => WithdrawConsentRules.Validate(new WithdrawConsent(Id, 1, Id, new DateOnly(1900, 1, 1))),
        ["a consent withdrawn without a date (today)"] = () => WithdrawConsentRules.Validate(new WithdrawConsent(Id, 1, Id, null)),
    };

    public static TheoryData<string> RefusedCases => [.. Refused.Keys];

    public static TheoryData<string> AcceptedCases => [.. Accepted.Keys];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ASpoiledAction_IsRefused_NamingTheFieldAndWhatToSend(string spoiled)
    {
        var (validate, path, message) = Refused[spoiled];

        Assert.Contains((path, message), validate().Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void AWellFormedAction_IsAccepted(string action) =>
        Assert.Empty(Accepted[action]().Errors);
}
