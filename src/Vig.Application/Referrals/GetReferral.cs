using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralResult>;

public sealed class GetReferralHandler(ReferralAccess access, ReferralResults results) : IRequestHandler<GetReferral, ReferralResult>
{
    public async Task<ReferralResult> Handle(GetReferral request, CancellationToken cancellationToken) =>
        await results.ForAsync(await access.ReadAsync(request.Id, AuditActions.Read, cancellationToken), null, cancellationToken);
}
