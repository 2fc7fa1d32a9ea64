namespace Vig.Application.ServiceLevels;

/// <summary>
/// What a referrer can tell a family while their referral waits for a practitioner: how many
/// referrals were allocated in the last <see cref="Days"/> days (the council's calendar, today
/// included), and the median working days each waited from acceptance; null when none was (ADR 0032).
/// </summary>
public sealed record AllocationExpectation(int Allocations, double? MedianWorkingDays)
{
    public const int Days = 90;

    /// <summary>The first day of the window that ends <paramref name="today"/>.</summary>
    public static DateOnly From(DateOnly today) => today.AddDays(1 - Days);
}

/// <summary>Figures of the service's clocks across referrals, for the referrals' own answers.</summary>
public interface IServiceLevelQueries
{
    /// <summary>The allocations whose clocks stopped on <paramref name="from"/> or after: how many, and their median working days.</summary>
    Task<AllocationExpectation> AllocationExpectationAsync(DateOnly from, CancellationToken cancellationToken);
}
