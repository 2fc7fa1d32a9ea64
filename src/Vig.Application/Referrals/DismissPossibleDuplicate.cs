using MediatR;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>The VIG team judges a referral and one of its possible duplicates to be of different children; the pair is kept, dismissed.</summary>
public sealed record DismissPossibleDuplicate(Guid Id, int ExpectedVersion, Guid OtherReferralId) : IRequest<ReferralResult>;

/// <summary>
/// Not a change of the referral: the pair is the team's own note, so the referral's version, its
/// history and the events its referrer follows stay as they are. If-Match still says the team decided
/// on the referral as it stands. Audited on both referrals of the pair.
/// </summary>
public sealed class DismissPossibleDuplicateHandler(
    ReferralAccess access,
    IPossibleDuplicateStore store,
    IReferralRepository referrals,
    ServiceClock clock,
    IAuditTrail audit,
    ReferralResults results,
    PossibleDuplicates duplicates) : IRequestHandler<DismissPossibleDuplicate, ReferralResult>
{
    public async Task<ReferralResult> Handle(DismissPossibleDuplicate request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var referral = await access.FindAsync(request.Id, AuditActions.DismissPossibleDuplicate, cancellationToken);
        if (referral.Version != request.ExpectedVersion)
        {
            throw new StaleVersionException();
        }

        var pair = await store.FindAsync(referral.Id, request.OtherReferralId, cancellationToken)
            ?? throw new DomainException(PossibleDuplicateErrors.NotFound);
        pair.Dismiss(clock.Stamp());
        audit.Record(AuditActions.DismissPossibleDuplicate, referral.Id);
        audit.Record(AuditActions.DismissPossibleDuplicate, request.OtherReferralId);
        await referrals.SaveChangesAsync(cancellationToken);
        return await duplicates.ShownToCallerAsync(results.For(referral), cancellationToken);
    }
}
