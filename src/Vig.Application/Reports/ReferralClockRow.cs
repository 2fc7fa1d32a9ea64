using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Application.Reports;

/// <summary>
/// One stopped service-level clock of a referral, for the service-level report and the allocation
/// expectation (referral_clock_rows, ADR 0032): the figures of a <see cref="ClockResult"/>, nothing
/// identifying. Saved by the change that stops the clock, as the report rows are (ADR 0021), and never
/// changed after; the table keeps every clock, also those a long-lived referral no longer holds.
/// </summary>
public sealed class ReferralClockRow
{
    public Guid ReferralId { get; set; }

    public ClockKind Kind { get; set; }

    public DateTimeOffset Since { get; set; }

    public DateTimeOffset StoppedAt { get; set; }

    /// <summary>The council's calendar day of the stop: what the report's months and ranges are counted in.</summary>
    public DateOnly StoppedOn { get; set; }

    /// <summary>The status whose entry stopped the clock: a withdrawal's clock measures nothing the team did.</summary>
    public ReferralStatus MovedTo { get; set; }

    public int TargetWorkingDays { get; set; }

    public int WorkingDays { get; set; }

    public bool WithinTarget { get; set; }

    /// <summary>The rows of the clocks <paramref name="referral"/> holds as stopped.</summary>
    public static IEnumerable<ReferralClockRow> Of(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return referral.ClockResults.Select(r => new ReferralClockRow
        {
            ReferralId = referral.Id,
            Kind = r.Kind,
            Since = r.Since,
            StoppedAt = r.StoppedAt,
            StoppedOn = r.StoppedOn,
            MovedTo = r.MovedTo,
            TargetWorkingDays = r.TargetWorkingDays,
            WorkingDays = r.WorkingDays,
            WithinTarget = r.WithinTarget,
        });
    }
}
