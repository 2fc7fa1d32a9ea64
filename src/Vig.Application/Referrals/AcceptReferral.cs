using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Accepts a submitted referral; refused unless every acceptance rule is met today.</summary>
public sealed record AcceptReferral(Guid Id, int ExpectedVersion) : IRequest<ReferralResult>;

public sealed class AcceptReferralHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<AcceptReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(AcceptReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Accept, (referral, stamp) => referral.Accept(policy, stamp), cancellationToken);
}
