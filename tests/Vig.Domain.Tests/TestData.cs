using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Domain.Tests;

/// <summary>An eligible referral by default; each test changes only what it is about.</summary>
internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 11, 24);
    public static readonly Guid MotherId = Guid.Parse("5b0a1f55-0000-4000-8000-000000000001");
    public static readonly Guid FatherId = Guid.Parse("5b0a1f55-0000-4000-8000-000000000002");
    public static readonly AcceptancePolicy Policy = AcceptancePolicy.Current;

    public static Stamp StampOn(DateOnly on, string by = "vig-team") =>
        new(by, new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 30)), TimeSpan.Zero), on);

    public static Stamp Now => StampOn(Today);

    public static Child Child(DateOnly? dateOfBirth = null) => new(
        "Alex Example", dateOfBirth ?? new DateOnly(2020, 6, 15), false, null, false, AutismStatus.No, CareSetting.BirthFamily, true, "CASE-1");

    public static Referrer Referrer(ReferrerRole role = ReferrerRole.SocialWorker) => new(
        "Sam Patel", role, true, "TFF West", true, "sam.patel@example.org", null);

    public static ReferralDetails Details(
        Child? child = null,
        Referrer? referrer = null,
        ReferralRoute? route = null,
        IReadOnlyList<ParentCarer>? parentCarers = null) => new(
        route ?? new ReferralRoute(RouteKind.CaseManagementDecision, "CMD-2026-0042"),
        referrer ?? Referrer(),
        child ?? Child(),
        parentCarers ?? [new ParentCarer(MotherId, "Jo Example", Relationship.Mother, true)],
        [ConcernCategory.RelationshipNotAsExpected],
        "Interactions at home are tense and the child withdraws.",
        new Readiness(true, "Assessment shows VIG is the best fit.", true, Today.AddDays(-7), true, true),
        new ParentCarerViews("More enjoyable play together.", true, "Feeling understood at home.", true));

    /// <summary>A draft with the mother's informed consent recorded.</summary>
    public static Referral Draft(ReferralDetails? details = null, bool withConsent = true)
    {
        var referral = Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 1), details ?? Details(), Now);
        if (withConsent)
        {
            foreach (var parent in referral.ParentCarers.Where(p => p.TakesPart))
            {
                referral.RecordConsent(Guid.NewGuid(), parent.Id, ConsentKind.TakePartInVig, Today.AddDays(-1), Now);
            }
        }

        return referral;
    }

    public static Referral InStatus(ReferralStatus status)
    {
        var referral = Draft();
        switch (status)
        {
            case ReferralStatus.Draft:
                break;
            case ReferralStatus.Withdrawn:
                referral.Withdraw("Family moved away.", Now);
                break;
            default:
                referral.Submit(Policy, Now);
                break;
        }

        if (status is ReferralStatus.InformationRequested)
        {
            referral.RequestInformation(["views.hoped-for-change"], "Please confirm.", Policy, Now);
        }

        if (status is ReferralStatus.Declined)
        {
            referral.DeclineAsDuplicateOf(Guid.NewGuid(), "Already open.", Now);
        }

        if (status is ReferralStatus.Accepted or ReferralStatus.Allocated or ReferralStatus.Closed)
        {
            referral.Accept(Policy, Now);
        }

        if (status is ReferralStatus.Allocated or ReferralStatus.Closed)
        {
            referral.Allocate("Practitioner One", Policy, Now);
        }

        if (status is ReferralStatus.Closed)
        {
            referral.Close(ClosureOutcome.Completed, null, Now);
        }

        Assert.Equal(status, referral.Status);
        return referral;
    }

    /// <summary>Evaluates a draft with these details, consents of every participant recorded, on <paramref name="on"/>.</summary>
    public static AcceptanceEvaluation Evaluate(ReferralDetails details, DateOnly? on = null, bool withConsent = true) =>
        Draft(details, withConsent).Evaluate(Policy, on ?? Today);

    public static RuleResult Rule(this AcceptanceEvaluation evaluation, string code) =>
        evaluation.Results.Single(r => r.Code == code);
}
