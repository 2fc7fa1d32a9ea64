using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The one way to reach an existing referral. It enforces object-level access (a client sees only
/// the referrals it created unless it decides on referrals; any other answers 404, exactly as a
/// missing one, after the same single query) and records every access in the audit trail, refused
/// ones included. A change checks the version the
/// client read, applies the change as of now by the calling client, and saves it with its audit
/// entry in one transaction.
/// </summary>
public sealed class ReferralAccess(IReferralRepository referrals, ServiceClock clock, ICurrentClient client, IAuditTrail audit, AcceptancePolicy policy)
{
    private readonly IReferralRepository _referrals = referrals;
    private readonly ServiceClock _clock = clock;
    private readonly ICurrentClient _client = client;
    private readonly IAuditTrail _audit = audit;
    private readonly AcceptancePolicy _policy = policy;

    public async Task<ReferralView> ChangeAsync(Guid id, int expectedVersion, string action, Action<Referral, Stamp> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var referral = await FindAsync(id, action, cancellationToken);
        if (referral.Version != expectedVersion)
        {
            throw new StaleVersionException();
        }

        change(referral, _clock.Stamp());
        _audit.Record(action, referral.Id);
        await _referrals.SaveChangesAsync(cancellationToken);
        return View(referral);
    }

    /// <summary>Loads a referral for reading and records the read.</summary>
    public async Task<Referral> ReadAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        var referral = await FindAsync(id, action, cancellationToken);
        await _audit.RecordReadAsync(action, referral.Id, cancellationToken);
        return referral;
    }

    /// <summary>The referral as this client sees it today: only the actions its scopes allow, each checked against the rules.</summary>
    public ReferralView View(Referral referral) => ReferralView.From(referral, _policy, _clock.Today, action => _client.HasScope(ScopeFor(action)));

    /// <summary>The scope a client needs to take an action.</summary>
    public static string ScopeFor(ReferralAction action) => action switch
    {
        ReferralAction.RequestInformation or ReferralAction.Accept or ReferralAction.Decline or ReferralAction.Allocate or ReferralAction.Close => Scopes.Decide,
        _ => Scopes.Submit,
    };

    private async Task<Referral> FindAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        var referral = await _referrals.FindAsync(id, _client.HasScope(Scopes.Decide) ? null : _client.ClientId, cancellationToken);
        if (referral is null)
        {
            await _audit.RecordRefusedAsync(action, id, cancellationToken);
            throw new DomainException(ReferralErrors.NotFound);
        }

        return referral;
    }
}
