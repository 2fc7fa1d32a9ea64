using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralView>;

public sealed class GetReferralHandler(ReferralAccess access) : IRequestHandler<GetReferral, ReferralView>
{
    public async Task<ReferralView> Handle(GetReferral request, CancellationToken cancellationToken) =>
        access.View(await access.ReadAsync(request.Id, AuditActions.Read, cancellationToken));
}
