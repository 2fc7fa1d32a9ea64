using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The one way a referral is written, creation included: the change is made as of now by the
/// calling client, and saved with its audit entry and its event (the outbox) in one transaction.
/// </summary>
public sealed class ReferralChanges(IReferralRepository referrals, ReferralAccess access, ServiceClock clock, IAuditTrail audit, IEventOutbox outbox, ReferralViews views)
{
    /// <summary>Creates a referral with the next reference number of the year.</summary>
    public async Task<ReferralView> CreateAsync(string action, Func<ReferralReference, Stamp, Referral> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var stamp = clock.Stamp();
        var referral = create(ReferralReference.Create(stamp.On.Year, await referrals.NextNumberAsync(cancellationToken)), stamp);
        referrals.Add(referral);
        return await SaveAsync(referral, action, cancellationToken);
    }

    /// <summary>Changes a referral this client may reach, if it is still at the version the client read.</summary>
    public async Task<ReferralView> ChangeAsync(Guid id, int expectedVersion, string action, Action<Referral, Stamp> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var referral = await access.FindAsync(id, action, cancellationToken);
        if (referral.Version != expectedVersion)
        {
            throw new StaleVersionException();
        }

        change(referral, clock.Stamp());
        return await SaveAsync(referral, action, cancellationToken);
    }

    private async Task<ReferralView> SaveAsync(Referral referral, string action, CancellationToken cancellationToken)
    {
        audit.Record(action, referral.Id);
        outbox.Add(ReferralEvent.For(action, referral));
        await referrals.SaveChangesAsync(cancellationToken);
        return views.For(referral);
    }
}
