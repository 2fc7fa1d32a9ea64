using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralResult>;

public sealed class GetReferralHandler(ReferralAccess access, ReferralResults results, PossibleDuplicates duplicates) : IRequestHandler<GetReferral, ReferralResult>
{
    public async Task<ReferralResult> Handle(GetReferral request, CancellationToken cancellationToken)
    {
        var referral = await access.ReadAsync(request.Id, AuditActions.Read, cancellationToken);
        return await duplicates.ShownToCallerAsync(await results.ForAsync(referral, null, cancellationToken), cancellationToken);
    }
}
