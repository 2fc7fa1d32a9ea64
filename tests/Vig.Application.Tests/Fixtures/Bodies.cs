using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Fixtures;

/// <summary>Request bodies as the use cases take them: the Swagger example's complete referral, valid as it stands.</summary>
internal static class Bodies
{
    public static readonly DateOnly ChildBorn = new(2020, 6, 15);

    /// <summary>The complete referral of the Swagger example, with the mother's consent (parentCarerIndex 0).</summary>
    public static NewReferralContent Complete() => new()
    {
        Route = new RouteBody(RouteKind.CaseManagementDecision, "CMD-2026-0042"),
        Referrer = new ReferrerBody("Sam Patel", ReferrerRole.SocialWorker, true, "TFF West", true, "sam.patel@example.org", "01234 567890"),
        Child = new ChildBody("Alex Example", ChildBorn, false, null, false, AutismStatus.No, CareSetting.BirthFamily, true, "CASE-1001"),
        ParentCarers = [new ParentCarerBody(null, "Jo Example", Relationship.Mother, true)],
        Concerns = ["relationship-not-as-expected", "child-point-of-view"],
        ConcernAccount = "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
        Readiness = new ReadinessBody(true, "The family assessment shows VIG fits the parent's goals.", true, new DateOnly(2026, 11, 10), true, true),
        Views = new ViewsBody("To enjoy playing together and notice what my child needs.", true, "Feeling understood and calmer at home.", true),
        Consents = [new ConsentGivenBody(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10))],
    };

    /// <summary>Text of exactly <paramref name="length"/> characters.</summary>
    public static string Text(int length) => new('a', length);

    /// <summary>A parent or carer named by number, without an id (as on create).</summary>
    public static ParentCarerBody Parent(int number) => new(null, $"Parent {number}", Relationship.Other, true);
}
