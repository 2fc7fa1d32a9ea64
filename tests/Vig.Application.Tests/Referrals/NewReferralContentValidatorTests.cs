using FluentValidation.TestHelper;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// What is particular to a new referral (POST /referrals, POST /acceptance-checks): parent/carers
/// carry no id yet, and the consents already given are well formed, dated, and name a parent or
/// carer of the body by a position that exists. One field spoiled per case.
/// </summary>
public sealed class NewReferralContentValidatorTests
{
    private static readonly NewReferralContentValidator Validator = new(TestCalendar.Calendar);

    private static readonly ConsentGivenBody MotherConsent = new(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10));

    private static readonly Spoiling[] Spoilings =
    [
        new("a rule of every referral body", b => b with { Child = b.Child! with { Name = " " } }, "Child.Name", "Give the child's name."),
        new("a parent or carer sent with an id", b => b with { ParentCarers = [Bodies.Parent(1), b.ParentCarers![0] with { Id = Guid.NewGuid() }] },
            "ParentCarers[1].Id", "Leave the id out: the service gives each parent or carer its id, returned in the answer (send it back on PUT)."),
        new("one consent over the most", b => b with { Consents = [.. Enumerable.Repeat(MotherConsent, NewReferralContent.MaxConsents + 1)] },
            "Consents", "Send at most 44 consents."),
        new("a null consent", b => b with { Consents = [MotherConsent, null!] },
            "Consents[1]", "Remove the null: each consent is an object with a kind and the date it was given."),
        new("a consent without its kind", b => b with { Consents = [MotherConsent with { Kind = null }] },
            "Consents[0].Kind", "Give the kind of consent: takePartInVig or beFilmed."),
        new("a consent without its date", b => b with { Consents = [MotherConsent with { GivenOn = null }] },
            "Consents[0].GivenOn", "Give the date the consent was given (yyyy-mm-dd)."),
        new("a consent given tomorrow", b => b with { Consents = [MotherConsent with { GivenOn = TestCalendar.Today.AddDays(1) }] },
            "Consents[0].GivenOn", "The date the consent was given is after today (2027-01-14); give a date that has passed."),
        new("a consent given before 1900", b => b with { Child = null, Consents = [MotherConsent with { GivenOn = new DateOnly(1899, 12, 31) }] },
            "Consents[0].GivenOn", "The date the consent was given is before 1900-01-01; check it."),
        new("a consent given before the child was born", b => b with { Consents = [MotherConsent, MotherConsent with { GivenOn = Bodies.ChildBorn.AddDays(-1) }] },
            "Consents[1].GivenOn", "A consent cannot be given before the child's date of birth; check both dates."),
        new("a consent naming the position after the last parent or carer", b => b with { Consents = [MotherConsent, MotherConsent with { ParentCarerIndex = 1 }] },
            "Consents[1].ParentCarerIndex", "Give the position of the parent or carer in parentCarers, 0 to 0; leave it out for the child's own consent."),
        new("a consent naming a negative position", b => b with { ParentCarers = [Bodies.Parent(1), Bodies.Parent(2), Bodies.Parent(3)], Consents = [MotherConsent with { ParentCarerIndex = -1 }] },
            "Consents[0].ParentCarerIndex", "Give the position of the parent or carer in parentCarers, 0 to 2; leave it out for the child's own consent."),
        new("a consent naming a parent or carer when the body names none", b => b with { ParentCarers = null },
            "Consents[0].ParentCarerIndex", "The body names no parent or carer: leave parentCarerIndex out for the child's own consent, or add the parent or carer to parentCarers."),
    ];

    private static readonly Dictionary<string, Func<NewReferralContent, NewReferralContent>> Acceptable = new(StringComparer.Ordinal)
    {
        ["the complete example"] = b => b,
        ["an empty draft"] = _ => new NewReferralContent(),
        ["no consents yet"] = b => b with { Consents = [] },
        ["the most consents"] = b => b with { Consents = [.. Enumerable.Repeat(MotherConsent, NewReferralContent.MaxConsents)] },
        ["the child's own consent without parents or carers"] = b => b with { ParentCarers = null, Consents = [new ConsentGivenBody(null, ConsentKind.BeFilmed, TestCalendar.Today)] },
        ["a consent naming the last parent or carer"] = b => b with { ParentCarers = [Bodies.Parent(1), Bodies.Parent(2), Bodies.Parent(3)], Consents = [MotherConsent with { ParentCarerIndex = 2 }] },
        ["a consent given on the day the child was born"] = b => b with { Consents = [MotherConsent with { GivenOn = Bodies.ChildBorn }] },
        ["a consent given today"] = b => b with { Consents = [MotherConsent with { GivenOn = TestCalendar.Today }] },
        ["a consent before the child was born when the body has no child"] = b => b with { Child = null, Consents = [MotherConsent with { GivenOn = new DateOnly(1900, 1, 1) }] },
    };

    public static TheoryData<string> RefusedCases => [.. Spoilings.Select(s => s.Case)];

    public static TheoryData<string> AcceptedCases => [.. Acceptable.Keys];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ASpoiledNewReferral_IsRefused_NamingTheFieldAndWhatToSend(string spoiled)
    {
        var spoiling = Spoilings.Single(s => s.Case == spoiled);

        var result = Validator.TestValidate(spoiling.Spoil(Bodies.Complete()));

        result.ShouldHaveValidationErrorFor(spoiling.Path).WithErrorMessage(spoiling.Message);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void AWellFormedNewReferral_IsAccepted(string body) =>
        Validator.TestValidate(Acceptable[body](Bodies.Complete())).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void EachProblemOfAConsent_IsReportedAtItsOwnPosition()
    {
        var body = Bodies.Complete() with
        {
            Consents = [MotherConsent, MotherConsent with { Kind = null }, MotherConsent, MotherConsent with { ParentCarerIndex = 4, GivenOn = Bodies.ChildBorn.AddYears(-1) }],
        };

        var result = Validator.TestValidate(body);

        Assert.Equal(
            ["Consents[1].Kind", "Consents[3].GivenOn", "Consents[3].ParentCarerIndex"],
            result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }

    /// <summary>The consent rules alone: as sent with a new referral (ConsentGivenBody) and as recorded on one (ConsentBody).</summary>
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
            "tomorrow" => TestCalendar.Today.AddDays(1),
            "1899" => new DateOnly(1899, 12, 31),
            _ => TestCalendar.Today,
        };

        new ConsentGivenBodyValidator(TestCalendar.Calendar).TestValidate(new ConsentGivenBody(null, kind, givenOn))
            .ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
        new ConsentBodyValidator(TestCalendar.Calendar).TestValidate(new ConsentBody(null, kind, givenOn))
            .ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2027-01-14")]
    public void AConsent_GivenFrom1900ToToday_IsAccepted(string givenOn)
    {
        var date = DateOnly.Parse(givenOn, System.Globalization.CultureInfo.InvariantCulture);

        new ConsentGivenBodyValidator(TestCalendar.Calendar).TestValidate(new ConsentGivenBody(0, ConsentKind.TakePartInVig, date)).ShouldNotHaveAnyValidationErrors();
        new ConsentBodyValidator(TestCalendar.Calendar).TestValidate(new ConsentBody(Guid.NewGuid(), ConsentKind.TakePartInVig, date)).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void EachUseCase_ValidatesItsBody_AndRequiresOne()
    {
        var calendar = TestCalendar.Calendar;
        var withId = Bodies.Complete() with { ParentCarers = [Bodies.Parent(1) with { Id = Guid.NewGuid() }] };
        var unnamedChild = Bodies.Complete() with { Child = Bodies.Complete().Child! with { Name = null } };

        new CreateReferralValidator(calendar).TestValidate(new CreateReferral(withId, Submit: true)).ShouldHaveValidationErrorFor("Body.ParentCarers[0].Id");
        new CheckAcceptanceValidator(calendar).TestValidate(new CheckAcceptance(withId)).ShouldHaveValidationErrorFor("Body.ParentCarers[0].Id");
        new UpdateReferralValidator(calendar).TestValidate(new UpdateReferral(Guid.NewGuid(), 1, unnamedChild)).ShouldHaveValidationErrorFor("Body.Child.Name");
        new RecordConsentValidator(calendar).TestValidate(new RecordConsent(Guid.NewGuid(), 1, new ConsentBody(null, null, TestCalendar.Today))).ShouldHaveValidationErrorFor("Body.Kind");

        new CreateReferralValidator(calendar).TestValidate(new CreateReferral(null!, Submit: false)).ShouldHaveValidationErrorFor("Body");
        new CheckAcceptanceValidator(calendar).TestValidate(new CheckAcceptance(null!)).ShouldHaveValidationErrorFor("Body");
        new UpdateReferralValidator(calendar).TestValidate(new UpdateReferral(Guid.NewGuid(), 1, null!)).ShouldHaveValidationErrorFor("Body");
        new RecordConsentValidator(calendar).TestValidate(new RecordConsent(Guid.NewGuid(), 1, null!)).ShouldHaveValidationErrorFor("Body");

        new CreateReferralValidator(calendar).TestValidate(new CreateReferral(Bodies.Complete(), Submit: true)).ShouldNotHaveAnyValidationErrors();
        new UpdateReferralValidator(calendar).TestValidate(new UpdateReferral(Guid.NewGuid(), 1, withId)).ShouldNotHaveAnyValidationErrors();
    }

    private sealed record Spoiling(string Case, Func<NewReferralContent, NewReferralContent> Spoil, string Path, string Message);
}
