using FluentValidation.TestHelper;
using Vig.Api.Contracts;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using AutismStatus = Vig.Api.Contracts.AutismStatus;
using CareSetting = Vig.Api.Contracts.CareSetting;
using ConsentKind = Vig.Api.Contracts.ConsentKind;
using ReferrerRole = Vig.Api.Contracts.ReferrerRole;
using Relationship = Vig.Api.Contracts.Relationship;
using RouteKind = Vig.Api.Contracts.RouteKind;

namespace Vig.Api.Tests.Parsing;

/// <summary>
/// The form of a referral's content (POST and PUT): the Swagger example's complete referral spoiled
/// in one field per case is refused naming that field (its JSON path once the API has rewritten
/// it) and saying what to send instead; the same body at each limit is accepted.
/// </summary>
public sealed class ReferralRequestValidatorTests
{
    private const string OneLine = "Remove the control characters (such as NUL, tab or line breaks): this is one line of text.";
    private const string FreeText = "Remove the control characters (such as NUL); only line breaks and tabs are allowed in this text.";

    private static readonly ReferralRequestValidator Validator = new(Requests.Calendar);

    /// <summary>FluentValidation's own message for a text one character over its limit, naming the field as clients read it.</summary>
    private static string TooLong(string field, int max) =>
        $"The length of '{field}' must be {max} characters or fewer. You entered {max + 1} characters.";

    private static readonly Spoiling[] Spoilings =
    [
        // The route, when sent
        new("route without its kind", b => b with { Route = b.Route! with { Kind = null } },
            "Route.Kind", "Give the route: caseManagementDecision or foundationsForLife."),
        new("route reference on two lines", b => b with { Route = b.Route! with { Reference = "CMD-2026\n0042" } }, "Route.Reference", OneLine),
        new("route reference one over its limit", b => b with { Route = b.Route! with { Reference = Requests.Text(ReferralRoute.ReferenceMaxLength + 1) } },
            "Route.Reference", TooLong("Route Reference", ReferralRoute.ReferenceMaxLength)),

        // The referrer, when sent
        new("referrer without a name", b => b with { Referrer = b.Referrer! with { Name = null } }, "Referrer.Name", "Give the referrer's name."),
        new("referrer name of spaces", b => b with { Referrer = b.Referrer! with { Name = "   " } }, "Referrer.Name", "Give the referrer's name."),
        new("referrer name of invisible characters", b => b with { Referrer = b.Referrer! with { Name = "\u200b\u00a0" } }, "Referrer.Name", "Give the referrer's name."),
        new("referrer name with a NUL", b => b with { Referrer = b.Referrer! with { Name = "Sam\0Patel" } }, "Referrer.Name", OneLine),
        new("referrer name one over its limit", b => b with { Referrer = b.Referrer! with { Name = Requests.Text(Referrer.NameMaxLength + 1) } },
            "Referrer.Name", TooLong("Referrer Name", Referrer.NameMaxLength)),
        new("referrer without a role", b => b with { Referrer = b.Referrer! with { Role = null } },
            "Referrer.Role", "Give the referrer's role: healthVisitor, socialWorker, familyWorker or psychologist."),
        new("referrer without saying whether from Together for Families", b => b with { Referrer = b.Referrer! with { FromTogetherForFamilies = null } },
            "Referrer.FromTogetherForFamilies", "Say whether the referrer works in a Together for Families service."),
        new("referrer without saying whether involved now", b => b with { Referrer = b.Referrer! with { CurrentlyInvolved = null } },
            "Referrer.CurrentlyInvolved", "Say whether the referrer is involved with the family now."),
        new("referrer team with a tab", b => b with { Referrer = b.Referrer! with { Team = "TFF\tWest" } }, "Referrer.Team", OneLine),
        new("referrer team one over its limit", b => b with { Referrer = b.Referrer! with { Team = Requests.Text(Referrer.TeamMaxLength + 1) } },
            "Referrer.Team", TooLong("Referrer Team", Referrer.TeamMaxLength)),
        new("referrer email with a line break", b => b with { Referrer = b.Referrer! with { Email = "sam.patel@example.org\n" } }, "Referrer.Email", OneLine),
        new("referrer email without an at sign", b => b with { Referrer = b.Referrer! with { Email = "sam.patel.example.org" } }, "Referrer.Email", "Give a valid email address."),
        new("referrer email one over its limit", b => b with { Referrer = b.Referrer! with { Email = Email(Referrer.EmailMaxLength + 1) } },
            "Referrer.Email", TooLong("Referrer Email", Referrer.EmailMaxLength)),
        new("referrer phone in words", b => b with { Referrer = b.Referrer! with { Phone = "ring the office" } },
            "Referrer.Phone", "Give a phone number of digits, spaces, +, ( ) and -."),
        new("referrer phone with a NUL", b => b with { Referrer = b.Referrer! with { Phone = "01234\0567890" } }, "Referrer.Phone", OneLine),
        new("referrer phone one over its limit", b => b with { Referrer = b.Referrer! with { Phone = new string('1', Referrer.PhoneMaxLength + 1) } },
            "Referrer.Phone", TooLong("Referrer Phone", Referrer.PhoneMaxLength)),

        // The child, when sent
        new("child without a name", b => b with { Child = b.Child! with { Name = null } }, "Child.Name", "Give the child's name."),
        new("child name of spaces", b => b with { Child = b.Child! with { Name = " \t " } }, "Child.Name", "Give the child's name."),
        new("child name on two lines", b => b with { Child = b.Child! with { Name = "Alex\r\nExample" } }, "Child.Name", OneLine),
        new("child name one over its limit", b => b with { Child = b.Child! with { Name = Requests.Text(Child.NameMaxLength + 1) } },
            "Child.Name", TooLong("Child Name", Child.NameMaxLength)),
        new("child without a date of birth", b => b with { Child = b.Child! with { DateOfBirth = null } },
            "Child.DateOfBirth", "Give the child's date of birth (yyyy-mm-dd)."),
        new("child born tomorrow", b => b with { Child = b.Child! with { DateOfBirth = Requests.Today.AddDays(1) } },
            "Child.DateOfBirth", "The date of birth is after today (2027-01-14); give a date that has passed."),
        new("child born before 1900", b => b with { Child = b.Child! with { DateOfBirth = new DateOnly(1899, 12, 31) } },
            "Child.DateOfBirth", "The date of birth is before 1900-01-01; check it."),
        new("gestation a week under the shortest", b => b with { Child = b.Child! with { GestationWeeks = Child.MinGestationWeeks - 1 } },
            "Child.GestationWeeks", "Give the gestation in whole weeks, 20 to 45."),
        new("gestation a week over the longest", b => b with { Child = b.Child! with { GestationWeeks = Child.MaxGestationWeeks + 1 } },
            "Child.GestationWeeks", "Give the gestation in whole weeks, 20 to 45."),
        new("external case id with a NUL", b => b with { Child = b.Child! with { ExternalCaseId = "CASE\01001" } }, "Child.ExternalCaseId", OneLine),
        new("external case id one over its limit", b => b with { Child = b.Child! with { ExternalCaseId = Requests.Text(Child.ExternalCaseIdMaxLength + 1) } },
            "Child.ExternalCaseId", TooLong("Child External Case Id", Child.ExternalCaseIdMaxLength)),

        // Parents and carers
        new("a null parent or carer", b => b with { ParentCarers = [null!] },
            "ParentCarers[0]", "Remove the null: each parent or carer is an object with a name and a relationship."),
        new("one parent or carer over the most", b => b with { ParentCarers = [.. Enumerable.Range(1, ReferralDetails.MaxParentCarers + 1).Select(Requests.Parent)] },
            "ParentCarers", "Name at most 10 parents or carers."),
        new("the same parent or carer id twice", b => b with { ParentCarers = [Requests.Parent(1) with { Id = SameId }, Requests.Parent(2), Requests.Parent(3) with { Id = SameId }] },
            "ParentCarers", "Each parent or carer id may appear once."),
        new("parent or carer without a name", b => b with { ParentCarers = [b.ParentCarers![0] with { Name = null }] },
            "ParentCarers[0].Name", "Give the parent or carer's name."),
        new("parent or carer name of spaces", b => b with { ParentCarers = [Requests.Parent(1), b.ParentCarers![0] with { Name = "  " }] },
            "ParentCarers[1].Name", "Give the parent or carer's name."),
        new("parent or carer name with a NUL", b => b with { ParentCarers = [b.ParentCarers![0] with { Name = "Jo\0" }] }, "ParentCarers[0].Name", OneLine),
        new("parent or carer name one over its limit", b => b with { ParentCarers = [b.ParentCarers![0] with { Name = Requests.Text(ParentCarer.NameMaxLength + 1) }] },
            "ParentCarers[0].Name", TooLong("Name", ParentCarer.NameMaxLength)),
        new("parent or carer without a relationship", b => b with { ParentCarers = [b.ParentCarers![0] with { Relationship = null }] },
            "ParentCarers[0].Relationship", "Give the relationship: mother, father, fosterCarer, adoptiveParent or other."),

        // Concerns
        new("more concerns than there are categories", b => b with { Concerns = [.. ConcernCategory.All.Select(c => c.Code), "autism"] },
            "Concerns", "Name each concern once: at most 10."),
        new("a null concern", b => b with { Concerns = ["autism", null!] },
            "Concerns[1]", "Remove the null: each concern is a code from GET /api/v1/concern-categories."),
        new("an unknown concern code", b => b with { Concerns = ["sadness"] }, "Concerns[0]", "Use a code from GET /api/v1/concern-categories."),
        new("a concern code with a NUL", b => b with { Concerns = ["autism\0"] }, "Concerns[0]", OneLine),
        new("concern account with a NUL", b => b with { ConcernAccount = "Play ends in conflict.\0" }, "ConcernAccount", FreeText),
        new("concern account one over its limit", b => b with { ConcernAccount = Requests.Text(ReferralDetails.ConcernAccountMaxLength + 1) },
            "ConcernAccount", TooLong("Concern Account", ReferralDetails.ConcernAccountMaxLength)),

        // Readiness, when sent
        new("assessment summary with an escape character", b => b with { Readiness = b.Readiness! with { AssessmentSummary = "Fits\u001b" } },
            "Readiness.AssessmentSummary", FreeText),
        new("assessment summary one over its limit", b => b with { Readiness = b.Readiness! with { AssessmentSummary = Requests.Text(Readiness.SummaryMaxLength + 1) } },
            "Readiness.AssessmentSummary", TooLong("Readiness Assessment Summary", Readiness.SummaryMaxLength)),
        new("explainer video shown tomorrow", b => b with { Readiness = b.Readiness! with { ExplainerVideoShownOn = Requests.Today.AddDays(1) } },
            "Readiness.ExplainerVideoShownOn", "The date the explainer video was shown is after today (2027-01-14); give a date that has passed."),
        new("explainer video shown before 1900", b => b with { Readiness = b.Readiness! with { ExplainerVideoShownOn = new DateOnly(1899, 12, 31) } },
            "Readiness.ExplainerVideoShownOn", "The date the explainer video was shown is before 1900-01-01; check it."),
        new("explainer video shown before the child was born", b => b with { Readiness = b.Readiness! with { ExplainerVideoShownOn = Requests.ChildBorn.AddDays(-1) } },
            "Readiness.ExplainerVideoShownOn", "The explainer video cannot have been shown before the child's date of birth; check both dates."),

        // The parent or carer's views, when sent
        new("hoped-for change with a NUL", b => b with { Views = b.Views! with { HopedForChange = "To play\0" } }, "Views.HopedForChange", FreeText),
        new("hoped-for change one over its limit", b => b with { Views = b.Views! with { HopedForChange = Requests.Text(ParentCarerViews.AnswerMaxLength + 1) } },
            "Views.HopedForChange", TooLong("Views Hoped For Change", ParentCarerViews.AnswerMaxLength)),
        new("impact on the child with a NUL", b => b with { Views = b.Views! with { ImpactOnChild = "Calmer\0" } }, "Views.ImpactOnChild", FreeText),
        new("impact on the child one over its limit", b => b with { Views = b.Views! with { ImpactOnChild = Requests.Text(ParentCarerViews.AnswerMaxLength + 1) } },
            "Views.ImpactOnChild", TooLong("Views Impact On Child", ParentCarerViews.AnswerMaxLength)),
    ];

    private static readonly Dictionary<string, Func<ReferralRequest, ReferralRequest>> Acceptable = new(StringComparer.Ordinal)
    {
        ["the complete example"] = b => b,
        ["an empty draft"] = _ => new ReferralRequest(),
        ["a route without its reference"] = b => b with { Route = b.Route! with { Reference = null } },
        ["a route reference at its limit"] = b => b with { Route = b.Route! with { Reference = Requests.Text(ReferralRoute.ReferenceMaxLength) } },
        ["a referrer name at its limit"] = b => b with { Referrer = b.Referrer! with { Name = Requests.Text(Referrer.NameMaxLength) } },
        ["a referrer team at its limit"] = b => b with { Referrer = b.Referrer! with { Team = Requests.Text(Referrer.TeamMaxLength) } },
        ["a referrer email at its limit"] = b => b with { Referrer = b.Referrer! with { Email = Email(Referrer.EmailMaxLength) } },
        ["a referrer email left blank"] = b => b with { Referrer = b.Referrer! with { Email = "   " } },
        ["a referrer without email or phone"] = b => b with { Referrer = b.Referrer! with { Email = null, Phone = null } },
        ["a phone with every allowed sign"] = b => b with { Referrer = b.Referrer! with { Phone = "+44 (0)1234-567890" } },
        ["a referrer phone at its limit"] = b => b with { Referrer = b.Referrer! with { Phone = new string('1', Referrer.PhoneMaxLength) } },
        ["a child name at its limit"] = b => b with { Child = b.Child! with { Name = Requests.Text(Child.NameMaxLength) } },
        ["a child born today"] = b => b with { Child = b.Child! with { DateOfBirth = Requests.Today }, Readiness = b.Readiness! with { ExplainerVideoShownOn = Requests.Today } },
        ["a child born on 1900-01-01"] = b => b with { Child = b.Child! with { DateOfBirth = new DateOnly(1900, 1, 1) } },
        ["the shortest gestation"] = b => b with { Child = b.Child! with { BornPreterm = true, GestationWeeks = Child.MinGestationWeeks } },
        ["the longest gestation"] = b => b with { Child = b.Child! with { GestationWeeks = Child.MaxGestationWeeks } },
        ["an external case id at its limit"] = b => b with { Child = b.Child! with { ExternalCaseId = Requests.Text(Child.ExternalCaseIdMaxLength) } },
        ["the most parents or carers"] = b => b with { ParentCarers = [.. Enumerable.Range(1, ReferralDetails.MaxParentCarers).Select(Requests.Parent)] },
        ["parents or carers with their own ids"] = b => b with { ParentCarers = [Requests.Parent(1) with { Id = SameId }, Requests.Parent(2), Requests.Parent(3), Requests.Parent(4) with { Id = Guid.NewGuid() }] },
        ["a parent or carer name at its limit"] = b => b with { ParentCarers = [b.ParentCarers![0] with { Name = Requests.Text(ParentCarer.NameMaxLength) }] },
        ["every concern category once"] = b => b with { Concerns = [.. ConcernCategory.All.Select(c => c.Code)] },
        ["free text on several lines with tabs"] = b => b with { ConcernAccount = "First:\r\n\tplay ends in conflict.\nThen: the child withdraws.", Views = b.Views! with { HopedForChange = "One\ntwo", ImpactOnChild = "\tCalmer" } },
        ["a concern account at its limit"] = b => b with { ConcernAccount = Requests.Text(ReferralDetails.ConcernAccountMaxLength) },
        ["an assessment summary at its limit"] = b => b with { Readiness = b.Readiness! with { AssessmentSummary = Requests.Text(Readiness.SummaryMaxLength) } },
        ["the explainer video shown today"] = b => b with { Readiness = b.Readiness! with { ExplainerVideoShownOn = Requests.Today } },
        ["the explainer video shown on the day of birth"] = b => b with { Readiness = b.Readiness! with { ExplainerVideoShownOn = Requests.ChildBorn } },
        ["the explainer video date without a child"] = b => b with { Child = null },
        ["answers at their limit"] = b => b with { Views = b.Views! with { HopedForChange = Requests.Text(ParentCarerViews.AnswerMaxLength), ImpactOnChild = Requests.Text(ParentCarerViews.AnswerMaxLength) } },
    };

    private static readonly Guid SameId = Guid.Parse("3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b");

    public static TheoryData<string> RefusedCases => [.. Spoilings.Select(s => s.Case)];

    public static TheoryData<string> AcceptedCases => [.. Acceptable.Keys];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ASpoiledField_IsRefused_NamingTheFieldAndWhatToSend(string spoiled)
    {
        var spoiling = Spoilings.Single(s => s.Case == spoiled);

        var result = Validator.TestValidate(spoiling.Spoil(Requests.Complete()));

        result.ShouldHaveValidationErrorFor(spoiling.Path).WithErrorMessage(spoiling.Message);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void AWellFormedBody_IsAccepted_UpToEachLimit(string body) =>
        Validator.TestValidate(Acceptable[body](Requests.Complete())).ShouldNotHaveAnyValidationErrors();

    /// <summary>An address of exactly <paramref name="length"/> characters.</summary>
    private static string Email(int length) => Requests.Text(length - "@example.org".Length) + "@example.org";

    private sealed record Spoiling(string Case, Func<ReferralRequest, ReferralRequest> Spoil, string Path, string Message);
}
