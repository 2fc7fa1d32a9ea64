using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Fixtures;

/// <summary>New referrals as the use cases take them (parsed, in the domain's values): the Swagger example's complete referral.</summary>
internal static class Bodies
{
    public static readonly DateOnly ChildBorn = new(2020, 6, 15);

    /// <summary>The complete referral of the Swagger example, with the mother's consent (parentCarerIndex 0).</summary>
    public static NewReferral Complete() => new(
        new ReferralDetails(
            new ReferralRoute(RouteKind.CaseManagementDecision, "CMD-2026-0042"),
            new Referrer("Sam Patel", ReferrerRole.SocialWorker, true, "TFF West", true, "sam.patel@example.org", "01234 567890"),
            new Child("Alex Example", ChildBorn, false, null, false, AutismStatus.No, CareSetting.BirthFamily, true, "CASE-1001"),
            [Parent(1) with { Name = "Jo Example", Relationship = Relationship.Mother }],
            [ConcernCategory.FromCode("relationship-not-as-expected")!, ConcernCategory.ChildPointOfView],
            "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
            new Readiness(true, "The family assessment shows VIG fits the parent's goals.", true, new DateOnly(2026, 11, 10), true, true),
            new ParentCarerViews("To enjoy playing together and notice what my child needs.", true, "Feeling understood and calmer at home.", true)),
        [new GivenConsent(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10))]);

    /// <summary>Text of exactly <paramref name="length"/> characters.</summary>
    public static string Text(int length) => new('a', length);

    /// <summary>A new parent or carer named by number, with a fresh id (as parsed on create).</summary>
    public static ParentCarer Parent(int number) => new(Guid.NewGuid(), $"Parent {number}", Relationship.Other, true);
}
