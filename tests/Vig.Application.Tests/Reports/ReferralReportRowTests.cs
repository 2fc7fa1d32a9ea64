using Vig.Application.Reports;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Reports;

/// <summary>
/// A referral's report row and count keys as pure C# (ADR 0021). The same rows against the retired
/// SQL, for referrals of every shape: tests/Vig.Api.Tests/Reports/ReportRowsInCSharpTests.
/// </summary>
public sealed class ReferralReportRowTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);

    [Fact]
    public void Of_ADeclinedReferral_HasItsFirstInstants_ItsReason_AndItsStatusChangesInOrder()
    {
        var referral = Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 7), Details(new DateOnly(2024, 11, 26)), At(0));
        referral.Submit(AcceptancePolicy.Current, At(1));
        referral.RequestInformation(["views.hoped-for-change"], "Please confirm.", AcceptancePolicy.Current, At(2));
        referral.DeclineAsDuplicateOf(Guid.NewGuid(), "Already open.", At(3));

        var row = ReferralReportRow.Of(referral, before: null);

        Assert.Equal((ReferralStatus.Declined, "duplicate", "0-1"), (row.Status, row.DeclineReasonCode, row.AgeBand));
        Assert.Equal((At(1).At, At(3).At, (DateTimeOffset?)null, true), (row.SubmittedAt!.Value, row.DecidedAt!.Value, row.AcceptedAt, row.InformationRequested));
        Assert.Equal(["Draft", "Submitted", "InformationRequested", "Declined"], row.ChangeStatuses);
        Assert.Equal(["autism", "relationship-not-as-expected"], row.Concerns);
        Assert.Equal(["consent.parent-carers"], row.UnmetRules);
        Assert.Equal(
            [("status", "Declined"), ("route", "CaseManagementDecision"), ("role", "SocialWorker"), ("care", "BirthFamily"), ("age", "0-1"),
             ("month", "2026-11"), ("concern", "autism"), ("concern", "relationship-not-as-expected"), ("decline", "duplicate"),
             ("submitted", ""), ("information", ""), ("rule", "consent.parent-carers"), ("decision", "")],
            row.Keys());
    }

    [Fact]
    public void Between_ADraftAndItsSubmission_ChangesOnlyTheKeysWhoseCountChanges()
    {
        var referral = Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 8), Details(new DateOnly(2020, 1, 1)), At(0));
        var draft = ReferralReportRow.Of(referral, before: null);
        referral.Submit(AcceptancePolicy.Current, At(1));
        var submitted = ReferralReportRow.Of(referral, draft);

        var changes = CountChange.Between(draft, submitted).Select(c => (c.Dimension, c.Key, c.Change)).Order();

        Assert.Equal(
            [("age", "", -1), ("age", "5-11", 1), ("month", "", -1), ("month", "2026-11", 1), ("rule", "consent.parent-carers", 1),
             ("status", "Draft", -1), ("status", "Submitted", 1), ("submitted", "", 1)],
            changes);
        Assert.Empty(CountChange.Between(submitted, ReferralReportRow.Of(referral, submitted)));
        Assert.All(CountChange.Between(null, draft), c => Assert.Equal(1, c.Change));
    }

    [Fact]
    public void Of_AnAnonymisedReferral_KeepsTheBandItsRowHadBefore()
    {
        // Referred at 4 (2-4); with the birth year only (1 January) the child would be 5 (5-11).
        var referral = Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 9), Details(new DateOnly(2021, 11, 30)), At(0));
        referral.Submit(AcceptancePolicy.Current, At(1));
        referral.Withdraw("Moved away.", At(2));
        var before = ReferralReportRow.Of(referral, before: null);
        referral.Anonymise(new Stamp("retention", At(0).At.AddYears(8), Day.AddYears(8)));

        Assert.Equal(("2-4", "2-4", true), (before.AgeBand, ReferralReportRow.Of(referral, before).AgeBand, ReferralReportRow.Of(referral, before).Anonymised));
        Assert.Equal("5-11", ReferralReportRow.Of(referral, before: null).AgeBand);
    }

    [Fact]
    public void ClockRows_OfAReferral_AreItsStoppedClocks_OneEach()
    {
        var clocks = Fixtures.Fakes.Clocks();
        var referral = Referral.Create(Guid.NewGuid(), ReferralReference.Create(2026, 8), Details(new DateOnly(2024, 11, 26)), At(0));
        referral.TrackClock(clocks);
        referral.Submit(AcceptancePolicy.Current, At(1));
        referral.TrackClock(clocks);
        referral.Decline(DeclineReason.AnotherServiceBetterPlaced, "Another service already works with the family.", At(3));
        referral.TrackClock(clocks);

        var row = Assert.Single(ReferralClockRow.Of(referral));

        // Wednesday 25 to Friday 27 November: two working days, within the decision's 10.
        Assert.Equal(
            (referral.Id, Vig.Domain.ServiceLevels.ClockKind.Decision, At(1).At, At(3).At, Day.AddDays(3), ReferralStatus.Declined, 10, 2, true),
            (row.ReferralId, row.Kind, row.Since, row.StoppedAt, row.StoppedOn, row.MovedTo, row.TargetWorkingDays, row.WorkingDays, row.WithinTarget));
    }

    private static Stamp At(int days) => new("vig-team", new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 30)), TimeSpan.Zero).AddDays(days), Day.AddDays(days));

    // No consent recorded: the consent rule is unmet at submission.
    private static ReferralDetails Details(DateOnly born) => new(
        new ReferralRoute(RouteKind.CaseManagementDecision, "CMD-2026-0042"),
        new Referrer("Sam Patel", ReferrerRole.SocialWorker, true, "TFF West", true, "sam.patel@example.org", null),
        new Child("Alex Example", born, false, null, false, AutismStatus.No, CareSetting.BirthFamily, false, "CASE-1"),
        [new ParentCarer(Guid.NewGuid(), "Jo Example", Relationship.Mother, true)],
        [ConcernCategory.RelationshipNotAsExpected, ConcernCategory.Autism],
        "Interactions at home are tense and the child withdraws.",
        new Readiness(true, "Assessment shows VIG is the best fit.", true, Day.AddDays(-7), true, true),
        new ParentCarerViews("More enjoyable play together.", true, "Feeling understood at home.", true));
}
