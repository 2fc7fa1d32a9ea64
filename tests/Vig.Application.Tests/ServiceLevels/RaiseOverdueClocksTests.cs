using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.ServiceLevels;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.ServiceLevels;

public sealed class RaiseOverdueClocksTests
{
    private readonly FakeRepository _repository = new();
    private readonly FakeQueries _queries = new([]);
    private readonly FakeAudit _audit = new();
    private readonly FakeOutbox _outbox = new();
    private readonly ServiceClock _clock = new(TestCalendar.Calendar, new FakeClient("system"));

    [Fact]
    public async Task AClockPastItsDueTime_IsMarkedAudited_AndItsEventRaised_OnceOnly()
    {
        var overdue = Submitted(on: new DateOnly(2026, 12, 1));
        var waiting = Submitted(on: TestCalendar.Today);
        _queries.Overdue.AddRange([overdue.Id, waiting.Id, Guid.NewGuid()]);
        var version = overdue.Version;

        var first = await Handler().Handle(new RaiseOverdueClocks(), CancellationToken.None);
        var second = await Handler().Handle(new RaiseOverdueClocks(), CancellationToken.None);

        Assert.Equal((1, 0), (first, second));
        Assert.Equal([(AuditActions.DecisionOverdue, (Guid?)overdue.Id)], _audit.Recorded);
        var raised = Assert.Single(_outbox.Added);
        Assert.Equal((ReferralEventTypes.DecisionOverdue, overdue.Id, version, _clock.Now), (raised.Type, raised.ReferralId, raised.Version, raised.Time));
        Assert.Equal(_clock.Now, overdue.Clock!.OverdueAt);
        Assert.Null(waiting.Clock!.OverdueAt);
    }

    [Fact]
    public async Task AReferralWaitingWithoutAClock_StartsOne_FromWhenItEnteredItsStatus_AsNobodysChange()
    {
        var stored = Submitted(on: TestCalendar.Today, tracked: false);
        _queries.WithoutClock.Add(stored.Id);
        var version = stored.Version;

        await Handler().Handle(new RaiseOverdueClocks(), CancellationToken.None);

        Assert.Equal((Domain.ServiceLevels.ClockKind.Decision, stored.History[^1].At), (stored.Clock!.Awaiting, stored.Clock.Since));
        Assert.Equal(version, stored.Version);
        Assert.Empty(_audit.Recorded);
        Assert.Empty(_outbox.Added);
    }

    [Theory]
    [InlineData(Domain.ServiceLevels.ClockKind.Decision, AuditActions.DecisionOverdue, ReferralEventTypes.DecisionOverdue)]
    [InlineData(Domain.ServiceLevels.ClockKind.Information, AuditActions.InformationOverdue, ReferralEventTypes.InformationOverdue)]
    [InlineData(Domain.ServiceLevels.ClockKind.Allocation, AuditActions.AllocationOverdue, ReferralEventTypes.AllocationOverdue)]
    public void EachClock_HasItsOwnActionAndEvent(Domain.ServiceLevels.ClockKind kind, string action, string type)
    {
        Assert.Equal(action, AuditActions.Overdue(kind));
        Assert.Equal(type, ReferralEventTypes.For(action, Submitted(on: TestCalendar.Today)));
        Assert.Contains(type, ReferralEventTypes.All);
    }

    private RaiseOverdueClocksHandler Handler() => new(_queries, _repository, _audit, _outbox, _clock, Fakes.Metrics(), Fakes.Clocks());

    private Referral Submitted(DateOnly on, bool tracked = true)
    {
        var stamp = new Stamp("case-system-a", new DateTimeOffset(on.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), on);
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, _repository.Stored.Count + 1), stamp);
        referral.Submit(AcceptancePolicy.Current, stamp);
        if (tracked)
        {
            referral.TrackClock(Fakes.Clocks());
        }

        _repository.Add(referral);
        return referral;
    }
}
