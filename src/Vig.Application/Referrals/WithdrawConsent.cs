using MediatR;

namespace Vig.Application.Referrals;

/// <summary>Records that a consent was withdrawn (today unless a date is given); the consent record stays.</summary>
public sealed record WithdrawConsent(Guid Id, int ExpectedVersion, Guid ConsentId, DateOnly? WithdrawnOn) : IRequest<ReferralView>;

public sealed class WithdrawConsentHandler(ReferralAccess access) : IRequestHandler<WithdrawConsent, ReferralView>
{
    public Task<ReferralView> Handle(WithdrawConsent request, CancellationToken cancellationToken) =>
        access.ChangeAsync(request.Id, request.ExpectedVersion, "consent.withdraw", (referral, stamp) => referral.WithdrawConsent(request.ConsentId, request.WithdrawnOn ?? stamp.On, stamp), cancellationToken);
}
