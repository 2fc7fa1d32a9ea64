using Vig.Domain.Common;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;
using Vig.Infrastructure.ServiceLevels;

namespace Vig.Domain.Tests.ServiceLevels;

/// <summary>A referral's service-level clock follows its status, and is found overdue once.</summary>
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

        referral.Submit(TestData.Policy, new Stamp("case-system", Later, TestData.Today));
        referral.TrackClock(Clocks);
        Assert.Equal((ClockKind.Decision, Later), (referral.Clock!.Awaiting, referral.Clock.Since));
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
