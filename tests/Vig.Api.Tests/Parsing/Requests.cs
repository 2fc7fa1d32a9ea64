using Vig.Api.Contracts;
using Vig.Application.Common;

namespace Vig.Api.Tests.Parsing;

/// <summary>Wire bodies as clients send them: the Swagger example's complete referral, valid as it stands, on a calendar stopped at <see cref="Today"/>.</summary>
internal static class Requests
{
    public static readonly DateOnly ChildBorn = new(2020, 6, 15);

    public static readonly DateOnly Today = new(2027, 1, 14);

    /// <summary>The service's calendar stopped at noon in London on <see cref="Today"/> (winter: London is on UTC).</summary>
    public static readonly ServiceCalendar Calendar = new(
        new FixedTime(new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero)),
        TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    /// <summary>The complete referral of the Swagger example, with the mother's consent (parentCarerIndex 0).</summary>
    public static CreateReferralRequest Complete() => new()
    {
        Route = new RouteRequest { Kind = RouteKind.CaseManagementDecision, Reference = "CMD-2026-0042" },
        Referrer = new ReferrerRequest { Name = "Sam Patel", Role = ReferrerRole.SocialWorker, FromTogetherForFamilies = true, Team = "TFF West", CurrentlyInvolved = true, Email = "sam.patel@example.org", Phone = "01234 567890" },
        Child = new ChildRequest { Name = "Alex Example", DateOfBirth = ChildBorn, BornPreterm = false, HasSend = false, Autism = AutismStatus.No, CareSetting = CareSetting.BirthFamily, WillBeFilmed = true, ExternalCaseId = "CASE-1001" },
        ParentCarers = [new ParentCarerRequest { Name = "Jo Example", Relationship = Relationship.Mother, TakesPart = true }],
        Concerns = ["relationship-not-as-expected", "child-point-of-view"],
        ConcernAccount = "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
        Readiness = new ReadinessRequest { AssessmentIndicatesVig = true, AssessmentSummary = "The family assessment shows VIG fits the parent's goals.", ExplainerVideoShown = true, ExplainerVideoShownOn = new DateOnly(2026, 11, 10), ProfessionalNetworkConsulted = true, ProfessionalNetworkAgrees = true },
        Views = new ViewsRequest { HopedForChange = "To enjoy playing together and notice what my child needs.", ChangeMutuallyAgreed = true, ImpactOnChild = "Feeling understood and calmer at home.", ParentCarerClearAboutImpact = true },
        Consents = [ConsentGiven(0, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10))],
    };

    /// <summary>Text of exactly <paramref name="length"/> characters.</summary>
    public static string Text(int length) => new('a', length);

    /// <summary>A parent or carer named by number, without an id (as on create).</summary>
    public static ParentCarerRequest Parent(int number) => new() { Name = $"Parent {number}", Relationship = Relationship.Other, TakesPart = true };

    public static ConsentGivenRequest ConsentGiven(int? parentCarerIndex, ConsentKind? kind, DateOnly? givenOn) =>
        new() { ParentCarerIndex = parentCarerIndex, Kind = kind, GivenOn = givenOn };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
