using Vig.Domain.Common;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;
using Vig.Infrastructure.ServiceLevels;

namespace Vig.Domain.Tests.ServiceLevels;

/// <summary>A referral's service-level clock follows its status, keeps what it measured when it stops, and is found overdue once.</summary>
public sealed class ReferralClockTests
{
    // TestData's day, Tuesday 24 November 2026, at 10:30: 3, 5 and 7 working days make Friday 27th,
    // Tuesday 1 December and Thursday 3 December.
    private static readonly ServiceLevelClocks Clocks = new(
        new WorkingDays(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), new EnglandAndWalesBankHolidays()),
        new ServiceLevelTargets(3, 5, 7));

    private static readonly DateTimeOffset Later = TestData.Now.At.AddHours(2);

    [Fact]
    public void ADraft_RunsNoClock()
    {
        var referral = TestData.Draft();

        referral.TrackClock(Clocks);

        Assert.Null(referral.Clock);
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted, ClockKind.Decision, 3, "2026-11-28T00:00:00Z")]
    [InlineData(ReferralStatus.InformationRequested, ClockKind.Information, 5, "2026-12-02T00:00:00Z")]
    [InlineData(ReferralStatus.Accepted, ClockKind.Allocation, 7, "2026-12-04T00:00:00Z")]
    public void EachWaitingStatus_StartsItsClock_WhenEntered(ReferralStatus status, ClockKind kind, int target, string dueAt)
    {
        var referral = TestData.InStatus(status);

        referral.TrackClock(Clocks);

        Assert.Equal(new ReferralClock(kind, referral.History[^1].At, target, DateTimeOffset.Parse(dueAt, System.Globalization.CultureInfo.InvariantCulture), null), referral.Clock);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Allocated)]
    [InlineData(ReferralStatus.Closed)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void LeavingTheWaitingStatuses_StopsTheClock(ReferralStatus status)
    {
        var referral = TestData.InStatus(status);

        referral.TrackClock(Clocks);

        Assert.Null(referral.Clock);
    }

    [Fact]
    public void AChangeWithinTheStatus_KeepsTheClockRunning_AResubmissionStartsANewOne()
    {
        var referral = TestData.InStatus(ReferralStatus.InformationRequested);
        referral.TrackClock(Clocks);
        var asked = referral.Clock;

        referral.RecordConsent(Guid.NewGuid(), TestData.MotherId, ConsentKind.TakePartInVig, TestData.Today, new Stamp("case-system", Later, TestData.Today));
        referral.TrackClock(Clocks);
        Assert.Same(asked, referral.Clock);
        Assert.Empty(referral.ClockResults); // a change within the status stops nothing

        referral.Submit(TestData.Policy, new Stamp("case-system", Later, TestData.Today));
        referral.TrackClock(Clocks);
        Assert.Equal((ClockKind.Decision, Later), (referral.Clock!.Awaiting, referral.Clock.Since));
    }

    [Fact]
    public void LeavingAStatus_KeepsWhatItsClockMeasured_InWorkingDays()
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);
        var submitted = referral.History[^1].At;

        // Accepted on Monday 30 November: four working days after Tuesday 24th, one past the target of 3.
        var accepted = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        referral.Accept(TestData.Policy, new Stamp("vig-team", accepted, new DateOnly(2026, 11, 30)));
        referral.TrackClock(Clocks);

        // Allocated on Wednesday 2 December: two working days, within 7.
        var allocated = new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);
        referral.Allocate("Practitioner One", TestData.Policy, new Stamp("vig-team", allocated, new DateOnly(2026, 12, 2)));
        referral.TrackClock(Clocks);

        Assert.Equal(
            [
                new ClockResult(ClockKind.Decision, submitted, accepted, new DateOnly(2026, 11, 30), ReferralStatus.Accepted, 3, 4, false),
                new ClockResult(ClockKind.Allocation, accepted, allocated, new DateOnly(2026, 12, 2), ReferralStatus.Allocated, 7, 2, true),
            ],
            referral.ClockResults);
    }

    [Theory]
    [InlineData("2026-11-27T23:59:59Z", 3, true)] // the last minute of Friday, the due day (London is on UTC in November)
    [InlineData("2026-11-28T00:00:00Z", 3, false)] // Saturday: no working day more, but past the due time
    [InlineData("2026-11-24T18:00:00Z", 0, true)] // the day it started
    public void WithinTarget_IsStoppingBeforeTheDueTime_NotTheWorkingDaysCounted(string stoppedAt, int workingDays, bool withinTarget)
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);
        var at = DateTimeOffset.Parse(stoppedAt, System.Globalization.CultureInfo.InvariantCulture);

        referral.Decline(DeclineReason.AnotherServiceBetterPlaced, "Another service already works with the family.", new Stamp("vig-team", at, DateOnly.FromDateTime(at.UtcDateTime)));
        referral.TrackClock(Clocks);

        var result = Assert.Single(referral.ClockResults);
        Assert.Equal((ReferralStatus.Declined, workingDays, withinTarget), (result.MovedTo, result.WorkingDays, result.WithinTarget));
    }

    [Fact]
    public void EveryClockStopped_IsKept_WithTheStatusThatStoppedIt()
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);
        foreach (var step in new Action<Stamp>[]
        {
            stamp => referral.RequestInformation(["views.hoped-for-change"], null, TestData.Policy, stamp),
            stamp => referral.Submit(TestData.Policy, stamp),
            stamp => referral.Withdraw("Family moved away.", stamp),
        })
        {
            step(new Stamp("vig-team", referral.History[^1].At.AddDays(1), TestData.Today));
            referral.TrackClock(Clocks);
        }

        Assert.Equal(
            [(ClockKind.Decision, ReferralStatus.InformationRequested), (ClockKind.Information, ReferralStatus.Submitted), (ClockKind.Decision, ReferralStatus.Withdrawn)],
            referral.ClockResults.Select(r => (r.Kind, r.MovedTo)));
        Assert.Null(referral.Clock);
    }

    [Fact]
    public void AReferralAskedAgainAndAgain_KeepsItsLatestClockResults_UpToTheMost()
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);
        var at = referral.History[^1].At;
        for (var round = 0; round < Referral.MaxClockResults; round++)
        {
            at = at.AddHours(1);
            referral.RequestInformation(["views.hoped-for-change"], null, TestData.Policy, new Stamp("vig-team", at, TestData.Today));
            referral.TrackClock(Clocks);
            at = at.AddHours(1);
            referral.Submit(TestData.Policy, new Stamp("case-system", at, TestData.Today));
            referral.TrackClock(Clocks);
        }

        Assert.Equal(Referral.MaxClockResults, referral.ClockResults.Count);
        Assert.Equal(at, referral.ClockResults[^1].StoppedAt);
        Assert.Equal(at.AddHours(-(Referral.MaxClockResults - 1)), referral.ClockResults[0].StoppedAt);
    }

    [Fact]
    public void MarkOverdue_IsTrueOnceFromTheDueTime_AndChangesNoVersion()
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);
        var due = referral.Clock!.DueAt;
        var version = referral.Version;

        Assert.False(referral.MarkOverdue(due.AddTicks(-1)));
        Assert.True(referral.MarkOverdue(due));
        Assert.False(referral.MarkOverdue(due.AddHours(1)));

        Assert.Equal(due, referral.Clock!.OverdueAt);
        Assert.Equal(version, referral.Version);
    }

    [Fact]
    public void MarkOverdue_WithoutAClock_IsFalse() => Assert.False(TestData.Draft().MarkOverdue(Later));

    [Fact]
    public void AClockRead_SaysWhatIsLeftOrOverdue()
    {
        var referral = TestData.InStatus(ReferralStatus.Submitted);
        referral.TrackClock(Clocks);

        var fresh = Clocks.Read(referral.Clock!, Later);
        var onTheDay = Clocks.Read(referral.Clock!, new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero));
        var late = Clocks.Read(referral.Clock!, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal((new DateOnly(2026, 11, 27), false, 3, 0), (fresh.DueOn, fresh.Overdue, fresh.WorkingDaysLeft, fresh.WorkingDaysOverdue));
        Assert.Equal((false, 0, 0), (onTheDay.Overdue, onTheDay.WorkingDaysLeft, onTheDay.WorkingDaysOverdue));
        Assert.Equal((true, 0, 2), (late.Overdue, late.WorkingDaysLeft, late.WorkingDaysOverdue));
    }
}
