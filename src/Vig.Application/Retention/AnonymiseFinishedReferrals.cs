using MediatR;
using Vig.Application.Common;
using Vig.Application.Referrals;

namespace Vig.Application.Retention;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// How long a finished (declined, closed or withdrawn) referral keeps its personal data after its
    /// last change. Each council sets this from its retention schedule.
    /// </summary>
    public TimeSpan AnonymiseAfter { get; set; } = TimeSpan.FromDays(7 * 365);
}

/// <summary>Anonymises every finished referral past the retention period; returns how many.</summary>
public sealed record AnonymiseFinishedReferrals : IRequest<int>;

public sealed class AnonymiseFinishedReferralsHandler(
    IReferralQueries queries,
    IReferralRepository referrals,
    IAuditTrail audit,
    ServiceClock clock,
    RetentionOptions options) : IRequestHandler<AnonymiseFinishedReferrals, int>
{
    public async Task<int> Handle(AnonymiseFinishedReferrals request, CancellationToken cancellationToken)
    {
        var stamp = clock.Stamp();
        var due = await queries.FinishedAndNotAnonymisedBeforeAsync(stamp.At - options.AnonymiseAfter, cancellationToken);
        foreach (var id in due)
        {
            var referral = await referrals.FindAsync(id, createdBy: null, cancellationToken);
            referral!.Anonymise(stamp);
            audit.Record(AuditActions.Anonymise, id);
            await referrals.SaveChangesAsync(cancellationToken);
        }

        return due.Count;
    }
}
