using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

/// <summary>The audit trail of one referral, oldest first (for the VIG team).</summary>
public sealed record GetReferralAudit(Guid Id) : IRequest<IReadOnlyList<AuditEntry>>;

public sealed class GetReferralAuditHandler(ReferralAccess access, IAuditTrail audit) : IRequestHandler<GetReferralAudit, IReadOnlyList<AuditEntry>>
{
    public async Task<IReadOnlyList<AuditEntry>> Handle(GetReferralAudit request, CancellationToken cancellationToken)
    {
        var referral = await access.ReadAsync(request.Id, AuditActions.ReadAudit, cancellationToken);
        return await audit.ForReferralAsync(referral.Id, cancellationToken);
    }
}
