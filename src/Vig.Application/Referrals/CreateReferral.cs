using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Creates a referral with the consents already given; with <paramref name="Submit"/>, submits it at once, so a complete one is Eligible in one call.</summary>
public sealed record CreateReferral(NewReferral Content, bool Submit) : IRequest<ReferralResult>;

public sealed class CreateReferralHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<CreateReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(CreateReferral request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return changes.CreateAsync(request.Submit ? AuditActions.CreateAndSubmit : AuditActions.Create, (reference, stamp) =>
        {
            var referral = request.Content.ToReferral(Guid.CreateVersion7(stamp.At), reference, stamp);
            if (request.Submit)
            {
                referral.Submit(policy, stamp);
            }

            return referral;
        }, cancellationToken);
    }
}
