using Vig.Domain.Referrals;

namespace Vig.Domain.ServiceLevels;

/// <summary>What a referral is waiting for while a service-level clock runs.</summary>
public enum ClockKind
{
    /// <summary>The VIG team's decision after a (re)submission.</summary>
    Decision,

    /// <summary>The referrer's answer after the team asked for information.</summary>
    Information,

    /// <summary>A practitioner after acceptance.</summary>
    Allocation,
}

/// <summary>
/// The service's targets in working days, one per clock, set by the council (ServiceLevels in
/// configuration; the defaults are placeholders, docs/operations.md).
/// </summary>
public sealed record ServiceLevelTargets(int DecisionWorkingDays, int InformationWorkingDays, int AllocationWorkingDays)
{
    /// <summary>A year of working days: a longer target is a mistake in the settings.</summary>
    public const int MaxWorkingDays = 260;

    public int For(ClockKind kind) => kind switch
    {
        ClockKind.Decision => DecisionWorkingDays,
        ClockKind.Information => InformationWorkingDays,
        _ => AllocationWorkingDays,
    };
}

/// <summary>
/// A running service-level clock, kept with the referral: what is awaited, since when, its target and
/// when it is due (fixed when it starts, so a later change of target applies to clocks started after it), and
/// when it was found overdue (its event is raised once, then).
/// </summary>
public sealed record ReferralClock(ClockKind Awaiting, DateTimeOffset Since, int TargetWorkingDays, DateTimeOffset DueAt, DateTimeOffset? OverdueAt);

/// <summary>
/// What a clock measured when it stopped, kept with the referral (ADR 0032): since when it ran, when it
/// stopped (the instant and the council's day) and the status whose entry stopped it, its target, the
/// working days it took (<see cref="WorkingDays.Elapsed"/>), and whether it stopped before its due time.
/// </summary>
public sealed record ClockResult(
    ClockKind Kind,
    DateTimeOffset Since,
    DateTimeOffset StoppedAt,
    DateOnly StoppedOn,
    ReferralStatus MovedTo,
    int TargetWorkingDays,
    int WorkingDays,
    bool WithinTarget);

/// <summary>A clock as read at an instant: its last working day, and working days left or overdue by.</summary>
public sealed record ClockReading(ReferralClock Clock, DateOnly DueOn, bool Overdue, int WorkingDaysLeft, int WorkingDaysOverdue);

/// <summary>
/// Which clock a status runs and when it is due, counted in the council's working days
/// (docs/decisions/0029-working-days.md, 0031-service-level-clocks.md).
/// </summary>
public sealed class ServiceLevelClocks(WorkingDays workingDays, ServiceLevelTargets targets)
{
    public ServiceLevelTargets Targets { get; } = targets;

    /// <summary>The clock that runs while a referral has <paramref name="status"/>; null when none does.</summary>
    public static ClockKind? AwaitedIn(ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted => ClockKind.Decision,
        ReferralStatus.InformationRequested => ClockKind.Information,
        ReferralStatus.Accepted => ClockKind.Allocation,
        _ => null,
    };

    public ReferralClock Start(ClockKind kind, DateTimeOffset since) =>
        new(kind, since, Targets.For(kind), workingDays.DueAt(since, Targets.For(kind)), null);

    /// <summary>What <paramref name="clock"/> measured, stopped at <paramref name="at"/> by the referral's move to <paramref name="movedTo"/>.</summary>
    public ClockResult Stop(ReferralClock clock, DateTimeOffset at, ReferralStatus movedTo)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new ClockResult(clock.Awaiting, clock.Since, at, workingDays.DayOf(at), movedTo, clock.TargetWorkingDays, workingDays.Elapsed(clock.Since, at), at < clock.DueAt);
    }

    public ClockReading Read(ReferralClock clock, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var left = workingDays.Left(now, clock.DueAt);
        return new ClockReading(clock, workingDays.DayOf(clock.DueAt.AddTicks(-1)), now >= clock.DueAt, Math.Max(0, left), Math.Max(0, -left));
    }
}
