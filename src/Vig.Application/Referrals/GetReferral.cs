using MediatR;

namespace Vig.Application.Referrals;

public sealed record GetReferral(Guid Id) : IRequest<ReferralView>;

public sealed class GetReferralHandler(ReferralWriter writer) : IRequestHandler<GetReferral, ReferralView>
{
    public async Task<ReferralView> Handle(GetReferral request, CancellationToken cancellationToken) =>
        writer.View(await writer.ReadAsync(request.Id, "referral.read", cancellationToken));
}
