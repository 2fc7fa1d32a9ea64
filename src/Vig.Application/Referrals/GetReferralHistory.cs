using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>The status timeline, oldest first.</summary>
public sealed record GetReferralHistory(Guid Id) : IRequest<IReadOnlyList<StatusChange>>;

public sealed class GetReferralHistoryHandler(ReferralAccess access) : IRequestHandler<GetReferralHistory, IReadOnlyList<StatusChange>>
{
    public async Task<IReadOnlyList<StatusChange>> Handle(GetReferralHistory request, CancellationToken cancellationToken) =>
        (await access.ReadAsync(request.Id, AuditActions.ReadHistory, cancellationToken)).History;
}
