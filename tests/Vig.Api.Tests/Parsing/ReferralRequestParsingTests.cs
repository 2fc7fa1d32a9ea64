using Vig.Api.Contracts;
using Vig.Domain.Referrals;
using AutismStatus = Vig.Domain.Referrals.AutismStatus;
using CareSetting = Vig.Domain.Referrals.CareSetting;
using ConsentKind = Vig.Domain.Referrals.ConsentKind;
using ReferrerRole = Vig.Domain.Referrals.ReferrerRole;
using Relationship = Vig.Domain.Referrals.Relationship;
using RouteKind = Vig.Domain.Referrals.RouteKind;
using Wire = Vig.Api.Contracts;

namespace Vig.Api.Tests.Parsing;

/// <summary>A referral's content parsed at the edge, straight into the domain's values: any part may be left out of a draft, and parent/carer ids are the service's.</summary>
public sealed class ReferralRequestParsingTests
{
    [Fact]
    public void AnEmptyDraft_BecomesContentWithNothingAnswered()
    {
        var details = new ReferralRequest().ToDetails();

        Assert.Equal(
            new ReferralDetails(null, null, null, details.ParentCarers, details.Concerns, null, Readiness.Unanswered, ParentCarerViews.Unanswered),
            details);
        Assert.Empty(details.ParentCarers);
        Assert.Empty(details.Concerns);
    }

    [Fact]
    public void EveryPartSent_ArrivesAsSent_WithTextTrimmed_AndBlankOptionalTextAbsent()
    {
        var body = new ReferralRequest
        {
            Route = new RouteRequest { Kind = Wire.RouteKind.FoundationsForLife, Reference = " FFL-9 " },
            Referrer = new ReferrerRequest { Name = " Sam Patel ", Role = Wire.ReferrerRole.HealthVisitor, FromTogetherForFamilies = false, Team = "\u200b", CurrentlyInvolved = false, Email = " ", Phone = "01234 567890" },
            Child = new ChildRequest { Name = " Alex Example ", DateOfBirth = Requests.ChildBorn, BornPreterm = true, GestationWeeks = 30, HasSend = true, Autism = Wire.AutismStatus.Diagnosed, CareSetting = Wire.CareSetting.FosterCare, WillBeFilmed = false, ExternalCaseId = "CASE-1001" },
            ParentCarers = [new ParentCarerRequest { Name = "Jo Example", Relationship = Wire.Relationship.FosterCarer, TakesPart = false }],
            Concerns = ["autism", "child-point-of-view"],
            ConcernAccount = "  ",
            Readiness = new ReadinessRequest { AssessmentIndicatesVig = false, AssessmentSummary = " Fits. ", ExplainerVideoShown = true, ExplainerVideoShownOn = new DateOnly(2026, 11, 10), ProfessionalNetworkConsulted = false, ProfessionalNetworkAgrees = true },
            Views = new ViewsRequest { HopedForChange = " To play. ", ChangeMutuallyAgreed = false, ImpactOnChild = "", ParentCarerClearAboutImpact = true },
        };

        var details = body.ToDetails();

        Assert.Equal(new ReferralRoute(RouteKind.FoundationsForLife, "FFL-9"), details.Route);
        Assert.Equal(new Referrer("Sam Patel", ReferrerRole.HealthVisitor, false, null, false, null, "01234 567890"), details.Referrer);
        Assert.Equal(new Child("Alex Example", Requests.ChildBorn, true, 30, true, AutismStatus.Diagnosed, CareSetting.FosterCare, false, "CASE-1001"), details.Child);
        Assert.Equal([("Jo Example", Relationship.FosterCarer, false)], details.ParentCarers.Select(p => (p.Name, p.Relationship, p.TakesPart)));
        Assert.Equal([ConcernCategory.Autism, ConcernCategory.ChildPointOfView], details.Concerns);
        Assert.Null(details.ConcernAccount);
        Assert.Equal(new Readiness(false, "Fits.", true, new DateOnly(2026, 11, 10), false, true), details.Readiness);
        Assert.Equal(new ParentCarerViews("To play.", false, null, true), details.Views);
    }

    [Fact]
    public void AChildOrParentCarerWithAnswersLeftOut_TakesTheUsualCase()
    {
        var body = new ReferralRequest
        {
            Child = new ChildRequest { Name = "Alex Example", DateOfBirth = Requests.ChildBorn },
            ParentCarers = [new ParentCarerRequest { Name = "Jo Example", Relationship = Wire.Relationship.Mother }],
        };

        var details = body.ToDetails();

        Assert.Equal(new Child("Alex Example", Requests.ChildBorn, BornPreterm: false, null, HasSend: false, AutismStatus.No, CareSetting.BirthFamily, WillBeFilmed: true, null), details.Child);
        Assert.True(details.ParentCarers.Single().TakesPart);
    }

    [Fact]
    public void AnEdit_KeepsTheIdsSentBack_GivesEachNewParentOrCarerAFreshId_AndSaysWhichWereSentBack()
    {
        var motherId = Guid.NewGuid();
        var body = Requests.Complete() with { ParentCarers = [new ParentCarerRequest { Id = motherId, Name = " Jo Example ", Relationship = Wire.Relationship.Mother }, Requests.Parent(2)] };

        var command = ((ReferralRequest)body).ToCommand(Guid.NewGuid(), 3);

        Assert.Equal(new ParentCarer(motherId, "Jo Example", Relationship.Mother, true), command.Details.ParentCarers[0]);
        Assert.NotEqual(Guid.Empty, command.Details.ParentCarers[1].Id);
        Assert.NotEqual(motherId, command.Details.ParentCarers[1].Id);
        Assert.Equal([motherId], command.IdsSentBack);
        Assert.Equal(3, command.ExpectedVersion);
    }

    [Fact]
    public void ANewReferral_CarriesItsConsentsByPosition_AndWhetherToSubmit()
    {
        var body = Requests.Complete() with
        {
            ParentCarers = [Requests.Parent(1), Requests.Parent(2)],
            Consents = [Requests.ConsentGiven(1, Wire.ConsentKind.BeFilmed, new DateOnly(2026, 11, 10)), Requests.ConsentGiven(null, Wire.ConsentKind.TakePartInVig, new DateOnly(2026, 11, 11))],
            Submit = true,
        };

        var command = body.ToCommand();

        Assert.True(command.Submit);
        Assert.Equal(["Parent 1", "Parent 2"], command.Content.Details.ParentCarers.Select(p => p.Name));
        Assert.Equal(
            [new Application.Referrals.GivenConsent(1, ConsentKind.BeFilmed, new DateOnly(2026, 11, 10)), new Application.Referrals.GivenConsent(null, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 11))],
            command.Content.Consents);
        Assert.Empty(new AcceptanceCheckRequest().ToCommand().Content.Consents);
    }
}
