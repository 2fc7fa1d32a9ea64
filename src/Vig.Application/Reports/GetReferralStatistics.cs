using MediatR;
using Vig.Application.Common;
using Vig.Application.Referrals;

namespace Vig.Application.Reports;

/// <summary>How many referrals there are by status, route, referrer role and concern: counts only.</summary>
public sealed record GetReferralStatistics : IRequest<ReferralStatistics>;

public sealed class GetReferralStatisticsHandler(IReferralQueries queries, IAuditTrail audit) : IRequestHandler<GetReferralStatistics, ReferralStatistics>
{
    public async Task<ReferralStatistics> Handle(GetReferralStatistics request, CancellationToken cancellationToken)
    {
        var statistics = await queries.StatisticsAsync(cancellationToken);
        await audit.RecordReadAsync(AuditActions.Statistics, null, cancellationToken);
        return statistics;
    }
}
