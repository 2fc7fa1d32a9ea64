using MediatR;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Application.ServiceLevels;

/// <summary>The service-level targets and how often instances look for clocks past due (section ServiceLevels).</summary>
public sealed class ServiceLevelOptions
{
    public const string Section = "ServiceLevels";

    /// <summary>Working days for the team's decision after a (re)submission. Placeholder: the council sets its own.</summary>
    public int DecisionWorkingDays { get; set; } = 10;

    /// <summary>Working days for the referrer's answer after information is requested. Placeholder.</summary>
    public int InformationWorkingDays { get; set; } = 15;

    /// <summary>Working days for allocation after acceptance. Placeholder.</summary>
    public int AllocationWorkingDays { get; set; } = 20;

    /// <summary>Whether this instance looks for overdue clocks; any number of instances may.</summary>
    public bool RaiseOverdue { get; set; } = true;

    /// <summary>How often it looks: an overdue event follows its due time within this (and a look's own time).</summary>
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromSeconds(20);

    public ServiceLevelTargets Targets => new(DecisionWorkingDays, InformationWorkingDays, AllocationWorkingDays);
}

/// <summary>
/// Raises the overdue event of every clock past its due time, once: each referral is locked and
/// checked again before it is marked, so instances looking at the same time raise it once between
/// them. Returns how many it raised. First it starts the clock of any referral waiting without one.
/// </summary>
public sealed record RaiseOverdueClocks : IRequest<int>
{
    /// <summary>At most this many per look; the next look takes the rest.</summary>
    public const int Batch = 100;
}

public sealed class RaiseOverdueClocksHandler(
    IReferralQueries queries,
    IReferralRepository referrals,
    IAuditTrail audit,
    IEventOutbox outbox,
    ServiceClock clock,
    ServiceMetrics metrics,
    ServiceLevelClocks clocks) : IRequestHandler<RaiseOverdueClocks, int>
{
    public async Task<int> Handle(RaiseOverdueClocks request, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var raised = 0;

        // Referrals stored before clocks existed (migration ServiceLevelClocks) start theirs from when
        // they entered their status, as if they had had one, and one already past due is raised at once.
        // Starting it is nobody's change: no version, audit entry or event of its own.
        foreach (var id in await queries.WaitingWithoutClockAsync(RaiseOverdueClocks.Batch, cancellationToken))
        {
            raised += await LookAtAsync(id, now, startClock: true, cancellationToken);
        }

        foreach (var id in await queries.OverdueClocksAsync(now, RaiseOverdueClocks.Batch, cancellationToken))
        {
            raised += await LookAtAsync(id, now, startClock: false, cancellationToken);
        }

        return raised;
    }

    // One referral, locked, in a transaction of its own; 1 when its overdue event was raised.
    private async Task<int> LookAtAsync(Guid id, DateTimeOffset now, bool startClock, CancellationToken cancellationToken)
    {
        var referral = await referrals.FindAsync(id, createdBy: null, cancellationToken);
        if (startClock)
        {
            referral?.TrackClock(clocks);
        }

        if (referral is null || !referral.MarkOverdue(now))
        {
            await referrals.SaveChangesAsync(cancellationToken); // ends the lock's transaction
            return 0;
        }

        var action = AuditActions.Overdue(referral.Clock!.Awaiting);
        audit.Record(action, id);
        outbox.Add(ReferralEvent.For(action, referral));
        await referrals.SaveChangesAsync(cancellationToken);
        metrics.Transition(action);
        return 1;
    }
}
