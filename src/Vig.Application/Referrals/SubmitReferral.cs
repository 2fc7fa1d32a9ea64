using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Submits a draft, or resubmits after information was requested; the evaluation is stored.</summary>
public sealed record SubmitReferral(Guid Id, int ExpectedVersion) : IRequest<ReferralResult>;

public sealed class SubmitReferralHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<SubmitReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(SubmitReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Submit, (referral, stamp) => referral.Submit(policy, stamp), cancellationToken);
}
