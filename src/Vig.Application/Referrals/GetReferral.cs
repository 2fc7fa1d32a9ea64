using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralView>;

public sealed class GetReferralHandler(ReferralAccess access, ReferralViews views) : IRequestHandler<GetReferral, ReferralView>
{
    public async Task<ReferralView> Handle(GetReferral request, CancellationToken cancellationToken) =>
        views.For(await access.ReadAsync(request.Id, AuditActions.Read, cancellationToken));
}
