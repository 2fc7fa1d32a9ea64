using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>A referral's content as the domain takes it: any part may be left out of a draft, and parent/carer ids are the service's.</summary>
public sealed class ReferralBodyTests
{
    [Fact]
    public void AnEmptyDraft_BecomesContentWithNothingAnswered()
    {
        var details = new ReferralBody().ToDetails([]);

        Assert.Equal(
            new ReferralDetails(null, null, null, details.ParentCarers, details.Concerns, null, Readiness.Unanswered, ParentCarerViews.Unanswered),
            details);
        Assert.Empty(details.ParentCarers);
        Assert.Empty(details.Concerns);
    }

    [Fact]
    public void EveryPartSent_ArrivesAsSent_WithTextTrimmed_AndBlankOptionalTextAbsent()
    {
        var body = new ReferralBody
        {
            Route = new RouteBody(RouteKind.FoundationsForLife, " FFL-9 "),
            Referrer = new ReferrerBody(" Sam Patel ", ReferrerRole.HealthVisitor, false, "\u200b", false, " ", "01234 567890"),
            Child = new ChildBody(" Alex Example ", Bodies.ChildBorn, true, 30, true, AutismStatus.Diagnosed, CareSetting.FosterCare, false, "CASE-1001"),
            ParentCarers = [new ParentCarerBody(null, "Jo Example", Relationship.FosterCarer, false)],
            Concerns = ["autism", "child-point-of-view"],
            ConcernAccount = "  ",
            Readiness = new ReadinessBody(false, " Fits. ", true, new DateOnly(2026, 11, 10), false, true),
            Views = new ViewsBody(" To play. ", false, "", true),
        };

        var details = body.ToDetails([]);

        Assert.Equal(new ReferralRoute(RouteKind.FoundationsForLife, "FFL-9"), details.Route);
        Assert.Equal(new Referrer("Sam Patel", ReferrerRole.HealthVisitor, false, null, false, null, "01234 567890"), details.Referrer);
        Assert.Equal(new Child("Alex Example", Bodies.ChildBorn, true, 30, true, AutismStatus.Diagnosed, CareSetting.FosterCare, false, "CASE-1001"), details.Child);
        Assert.Equal([("Jo Example", Relationship.FosterCarer, false)], details.ParentCarers.Select(p => (p.Name, p.Relationship, p.TakesPart)));
        Assert.Equal([ConcernCategory.Autism, ConcernCategory.ChildPointOfView], details.Concerns);
        Assert.Null(details.ConcernAccount);
        Assert.Equal(new Readiness(false, "Fits.", true, new DateOnly(2026, 11, 10), false, true), details.Readiness);
        Assert.Equal(new ParentCarerViews("To play.", false, null, true), details.Views);
    }

    [Fact]
    public void AChildOrParentCarerWithAnswersLeftOut_TakesTheUsualCase()
    {
        var body = new ReferralBody
        {
            Child = new ChildBody("Alex Example", Bodies.ChildBorn, null, null, null, null, null, null, null),
            ParentCarers = [new ParentCarerBody(null, "Jo Example", Relationship.Mother, null)],
        };

        var details = body.ToDetails([]);

        Assert.Equal(new Child("Alex Example", Bodies.ChildBorn, BornPreterm: false, null, HasSend: false, AutismStatus.No, CareSetting.BirthFamily, WillBeFilmed: true, null), details.Child);
        Assert.True(details.ParentCarers.Single().TakesPart);
    }

    [Fact]
    public void AParentOrCarerSentBackWithTheirId_KeepsIt_AndOneSentWithoutAnId_GetsANewOne()
    {
        var mother = new ParentCarer(Guid.NewGuid(), "Jo Example", Relationship.Mother, true);
        var father = new ParentCarer(Guid.NewGuid(), "Chris Example", Relationship.Father, true);
        var body = Bodies.Complete() with { ParentCarers = [new ParentCarerBody(mother.Id, " Jo Example ", Relationship.Mother, null), Bodies.Parent(2)] };

        var details = body.ToDetails([father, mother]);

        Assert.Equal(mother, details.ParentCarers[0]);
        Assert.NotEqual(Guid.Empty, details.ParentCarers[1].Id);
        Assert.DoesNotContain(details.ParentCarers[1].Id, new[] { mother.Id, father.Id });
    }

    [Fact]
    public void AParentOrCarerIdThatIsNotThisReferrals_IsRefused_NamingEachSuchField()
    {
        var mother = new ParentCarer(Guid.NewGuid(), "Jo Example", Relationship.Mother, true);
        var body = Bodies.Complete() with
        {
            ParentCarers = [new ParentCarerBody(mother.Id, "Jo Example", Relationship.Mother, true), Bodies.Parent(2) with { Id = Guid.NewGuid() }, Bodies.Parent(3), Bodies.Parent(4) with { Id = Guid.NewGuid() }],
        };

        var refused = Assert.Throws<RequestValidationException>(() => body.ToDetails([mother]));

        Assert.Equal(["ParentCarers[1].Id", "ParentCarers[3].Id"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(refused.Errors.Values, messages => Assert.Equal([ReferralBody.ForeignParentCarerId], messages));
    }
}
