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
/// What is particular to a new referral (POST /referrals, POST /acceptance-checks): parent/carers
/// carry no id yet, and the consents already given are well formed, dated, and name a parent or
/// carer of the body by a position that exists. One field spoiled per case.
/// </summary>
public sealed class NewReferralRequestValidatorTests
{
    private static readonly CreateReferralRequestValidator Validator = new(Requests.Calendar);

    private static readonly ConsentGivenRequest MotherConsent = Requests.ConsentGiven(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10));

    private static readonly Spoiling[] Spoilings =
    [
        new("a rule of every referral body", b => b with { Child = b.Child! with { Name = " " } }, "Child.Name", "Give the child's name."),
        new("a parent or carer sent with an id", b => b with { ParentCarers = [Requests.Parent(1), b.ParentCarers![0] with { Id = Guid.NewGuid() }] },
            "ParentCarers[1].Id", "Leave the id out: the service gives each parent or carer its id, returned in the answer (send it back on PUT)."),
        new("one consent over the most", b => b with { Consents = [.. Enumerable.Repeat(MotherConsent, NewReferral.MaxConsents + 1)] },
            "Consents", "Send at most 44 consents."),
        new("a null consent", b => b with { Consents = [MotherConsent, null!] },
            "Consents[1]", "Remove the null: each consent is an object with a kind and the date it was given."),
        new("a consent without its kind", b => b with { Consents = [MotherConsent with { Kind = null }] },
            "Consents[0].Kind", "Give the kind of consent: takePartInVig or beFilmed."),
        new("a consent without its date", b => b with { Consents = [MotherConsent with { GivenOn = null }] },
            "Consents[0].GivenOn", "Give the date the consent was given (yyyy-mm-dd)."),
        new("a consent given tomorrow", b => b with { Consents = [MotherConsent with { GivenOn = Requests.Today.AddDays(1) }] },
            "Consents[0].GivenOn", "The date the consent was given is after today (2027-01-14); give a date that has passed."),
        new("a consent given before 1900", b => b with { Child = null, Consents = [MotherConsent with { GivenOn = new DateOnly(1899, 12, 31) }] },
            "Consents[0].GivenOn", "The date the consent was given is before 1900-01-01; check it."),
        new("a consent given before the child was born", b => b with { Consents = [MotherConsent, MotherConsent with { GivenOn = Requests.ChildBorn.AddDays(-1) }] },
            "Consents[1].GivenOn", "A consent cannot be given before the child's date of birth; check both dates."),
        new("a consent naming the position after the last parent or carer", b => b with { Consents = [MotherConsent, MotherConsent with { ParentCarerIndex = 1 }] },
            "Consents[1].ParentCarerIndex", "Give the position of the parent or carer in parentCarers, 0 to 0; leave it out for the child's own consent."),
        new("a consent naming a negative position", b => b with { ParentCarers = [Requests.Parent(1), Requests.Parent(2), Requests.Parent(3)], Consents = [MotherConsent with { ParentCarerIndex = -1 }] },
            "Consents[0].ParentCarerIndex", "Give the position of the parent or carer in parentCarers, 0 to 2; leave it out for the child's own consent."),
        new("a consent naming a parent or carer when the body names none", b => b with { ParentCarers = null },
            "Consents[0].ParentCarerIndex", "The body names no parent or carer: leave parentCarerIndex out for the child's own consent, or add the parent or carer to parentCarers."),
    ];

    private static readonly Dictionary<string, Func<CreateReferralRequest, CreateReferralRequest>> Acceptable = new(StringComparer.Ordinal)
    {
        ["the complete example"] = b => b,
        ["an empty draft"] = _ => new CreateReferralRequest(),
        ["no consents yet"] = b => b with { Consents = [] },
        ["the most consents"] = b => b with { Consents = [.. Enumerable.Repeat(MotherConsent, NewReferral.MaxConsents)] },
        ["the child's own consent without parents or carers"] = b => b with { ParentCarers = null, Consents = [Requests.ConsentGiven(null, ConsentKind.BeFilmed, Requests.Today)] },
        ["a consent naming the last parent or carer"] = b => b with { ParentCarers = [Requests.Parent(1), Requests.Parent(2), Requests.Parent(3)], Consents = [MotherConsent with { ParentCarerIndex = 2 }] },
        ["a consent given on the day the child was born"] = b => b with { Consents = [MotherConsent with { GivenOn = Requests.ChildBorn }] },
        ["a consent given today"] = b => b with { Consents = [MotherConsent with { GivenOn = Requests.Today }] },
        ["a consent before the child was born when the body has no child"] = b => b with { Child = null, Consents = [MotherConsent with { GivenOn = new DateOnly(1900, 1, 1) }] },
    };

    public static TheoryData<string> RefusedCases => [.. Spoilings.Select(s => s.Case)];

    public static TheoryData<string> AcceptedCases => [.. Acceptable.Keys];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ASpoiledNewReferral_IsRefused_NamingTheFieldAndWhatToSend(string spoiled)
    {
        var spoiling = Spoilings.Single(s => s.Case == spoiled);

        var result = Validator.TestValidate(spoiling.Spoil(Requests.Complete()));

        result.ShouldHaveValidationErrorFor(spoiling.Path).WithErrorMessage(spoiling.Message);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void AWellFormedNewReferral_IsAccepted(string body) =>
        Validator.TestValidate(Acceptable[body](Requests.Complete())).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void EachProblemOfAConsent_IsReportedAtItsOwnPosition()
    {
        var body = Requests.Complete() with
        {
            Consents = [MotherConsent, MotherConsent with { Kind = null }, MotherConsent, MotherConsent with { ParentCarerIndex = 4, GivenOn = Requests.ChildBorn.AddYears(-1) }],
        };

        var result = Validator.TestValidate(body);

        Assert.Equal(
            ["Consents[1].Kind", "Consents[3].GivenOn", "Consents[3].ParentCarerIndex"],
            result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }

    /// <summary>The consent rules alone: as sent with a new referral (ConsentGivenRequest) and as recorded on one (ConsentRequest).</summary>
    [Theory]
    [InlineData("kind", "Kind", "Give the kind of consent: takePartInVig or beFilmed.")]
    [InlineData("date", "GivenOn", "Give the date the consent was given (yyyy-mm-dd).")]
    [InlineData("tomorrow", "GivenOn", "The date the consent was given is after today (2027-01-14); give a date that has passed.")]
    [InlineData("1899", "GivenOn", "The date the consent was given is before 1900-01-01; check it.")]
    public void AConsent_IsRefused_WithoutItsKindOrADateThatHasPassed(string spoiled, string path, string message)
    {
        ConsentKind? kind = spoiled == "kind" ? null : ConsentKind.BeFilmed;
        DateOnly? givenOn = spoiled switch
        {
            "date" => null,
            "tomorrow" => Requests.Today.AddDays(1),
            "1899" => new DateOnly(1899, 12, 31),
            _ => Requests.Today,
        };

        new ConsentGivenRequestValidator(Requests.Calendar).TestValidate(Requests.ConsentGiven(null, kind, givenOn))
            .ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
        new ConsentRequestValidator(Requests.Calendar).TestValidate(new ConsentRequest { Kind = kind, GivenOn = givenOn })
            .ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2027-01-14")]
    public void AConsent_GivenFrom1900ToToday_IsAccepted(string givenOn)
    {
        var date = DateOnly.Parse(givenOn, System.Globalization.CultureInfo.InvariantCulture);

        new ConsentGivenRequestValidator(Requests.Calendar).TestValidate(Requests.ConsentGiven(0, ConsentKind.TakePartInVig, date)).ShouldNotHaveAnyValidationErrors();
        new ConsentRequestValidator(Requests.Calendar).TestValidate(new ConsentRequest { ParentCarerId = Guid.NewGuid(), Kind = ConsentKind.TakePartInVig, GivenOn = date }).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void EachBody_HasItsValidator_AndACheckIsValidatedAsACreate()
    {
        var withId = Requests.Complete() with { ParentCarers = [Requests.Parent(1) with { Id = Guid.NewGuid() }] };
        var check = new AcceptanceCheckRequest { Child = withId.Child, ParentCarers = withId.ParentCarers, Consents = withId.Consents };

        new CreateReferralRequestValidator(Requests.Calendar).TestValidate(withId).ShouldHaveValidationErrorFor("ParentCarers[0].Id");
        new AcceptanceCheckRequestValidator(Requests.Calendar).TestValidate(check).ShouldHaveValidationErrorFor("ParentCarers[0].Id");
        new ReferralRequestValidator(Requests.Calendar).TestValidate((ReferralRequest)withId).ShouldNotHaveAnyValidationErrors();
        new CreateReferralRequestValidator(Requests.Calendar).TestValidate(Requests.Complete()).ShouldNotHaveAnyValidationErrors();
    }

    private sealed record Spoiling(string Case, Func<CreateReferralRequest, CreateReferralRequest> Spoil, string Path, string Message);
}
