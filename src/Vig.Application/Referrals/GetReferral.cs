using MediatR;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralView>;

public sealed class GetReferralHandler(ReferralWriter writer) : IRequestHandler<GetReferral, ReferralView>
{
    public async Task<ReferralView> Handle(GetReferral request, CancellationToken cancellationToken) =>
        ReferralView.From(await writer.LoadAsync(request.Id, cancellationToken));
}
