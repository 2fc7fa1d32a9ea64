using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The one home of the access rule, and the one way to reach existing referrals: a client reaches
/// only the referrals it created unless it decides on referrals (referrals.decide). A referral it
/// may not reach answers 404, exactly as a missing one, after the same single query. Every access
/// is audited, refused ones included. Lists and feeds filter by <see cref="CreatedByFilter"/>.
/// </summary>
public sealed class ReferralAccess(IReferralRepository referrals, ICurrentClient client, IAuditTrail audit)
{
    /// <summary>The access rule, written once: null when this client reaches every referral, else its own client id (it reaches those it created).</summary>
    public string? CreatedByFilter => client.HasScope(Scopes.Decide) ? null : client.ClientId;

    /// <summary>Possible duplicates and what a referral was declined as a duplicate of are the VIG team's alone: they name other clients' referrals (ADR 0030).</summary>
    public bool SeesPossibleDuplicates => client.HasScope(Scopes.Decide);

    /// <summary>The referral, if this client may reach it; otherwise the refusal is audited and the answer is "not found".</summary>
    public async Task<Referral> FindAsync(Guid id, string action, CancellationToken cancellationToken)
    {
        var referral = await referrals.FindAsync(id, CreatedByFilter, cancellationToken);
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
        await referrals.ReadAsync(id, CreatedByFilter, action, cancellationToken)
            ?? throw new DomainException(ReferralErrors.NotFound);

    /// <summary>Up to <paramref name="take"/> referrals this client may reach that match <paramref name="lookup"/>, newest first, each read recorded as <paramref name="action"/> in the same statement.</summary>
    public Task<IReadOnlyList<Referral>> ReadManyAsync(ReferralLookup lookup, int take, string action, CancellationToken cancellationToken) =>
        referrals.ReadManyAsync(lookup, CreatedByFilter, take, action, cancellationToken);
}
