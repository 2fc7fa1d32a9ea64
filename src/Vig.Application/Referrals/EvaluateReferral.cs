using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>The acceptance rules applied to the referral as it stands today (not stored).</summary>
public sealed record EvaluateReferral(Guid Id) : IRequest<AcceptanceEvaluation>;

public sealed class EvaluateReferralHandler(ReferralAccess access, AcceptancePolicy policy, ServiceClock clock) : IRequestHandler<EvaluateReferral, AcceptanceEvaluation>
{
    public async Task<AcceptanceEvaluation> Handle(EvaluateReferral request, CancellationToken cancellationToken) =>
        RuleTexts.Explain((await access.ReadAsync(request.Id, AuditActions.Evaluate, cancellationToken)).Evaluate(policy, clock.Today), policy);
}
