using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The one way to reach an existing referral: object-level access. A client reaches only the
/// referrals it created unless it decides on referrals; any other answers 404, exactly as a missing
/// one, after the same single query. Every access is audited, refused ones included.
/// </summary>
public sealed class ReferralAccess(IReferralRepository referrals, ICurrentClient client, IAuditTrail audit)
{
    /// <summary>The referral, if this client may reach it; otherwise the refusal is audited and the answer is "not found".</summary>
    public async Task<Referral> FindAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        var referral = await referrals.FindAsync(id, client.HasScope(Scopes.Decide) ? null : client.ClientId, cancellationToken);
        if (referral is null)
        {
            await audit.RecordRefusedAsync(action, id, cancellationToken);
            throw new DomainException(ReferralErrors.NotFound);
        }

        return referral;
    }

    /// <summary>
    /// Finds a referral for reading (untracked: a read changes nothing), and records the read, or
    /// the refused read, in the same statement and commit (docs/decisions/0013).
    /// </summary>
    public async Task<Referral> ReadAsync(Guid id, string action, CancellationToken cancellationToken) =>
        await referrals.ReadAsync(id, client.HasScope(Scopes.Decide) ? null : client.ClientId, action, cancellationToken)
            ?? throw new DomainException(ReferralErrors.NotFound);
}
