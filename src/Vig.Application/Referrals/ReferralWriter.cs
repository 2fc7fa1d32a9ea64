using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The one way an existing referral changes: load it, check the client changed the version it
/// read, apply the change as of now by the calling client, save in one transaction.
/// </summary>
public sealed class ReferralWriter
{
    private readonly IReferralRepository _referrals;
    private readonly ServiceClock _clock;

    public ReferralWriter(IReferralRepository referrals, ServiceClock clock)
    {
        _referrals = referrals;
        _clock = clock;
    }

    public async Task<ReferralView> ChangeAsync(Guid id, int expectedVersion, Action<Referral, Stamp> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var referral = await LoadAsync(id, cancellationToken);
        if (referral.Version != expectedVersion)
        {
            throw new StaleVersionException();
        }

        change(referral, _clock.Stamp());
        await _referrals.SaveChangesAsync(cancellationToken);
        return ReferralView.From(referral);
    }

    public async Task<Referral> LoadAsync(Guid id, CancellationToken cancellationToken) =>
        await _referrals.FindAsync(id, cancellationToken) ?? throw new DomainException(ReferralErrors.NotFound);
}
