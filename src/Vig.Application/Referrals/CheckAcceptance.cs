using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Evaluates a new referral's content and consents as if it were submitted today, storing nothing.</summary>
public sealed record CheckAcceptance(NewReferral Content) : IRequest<AcceptanceEvaluation>;

public sealed class CheckAcceptanceHandler(ServiceClock clock, AcceptancePolicy policy, IAuditTrail audit) : IRequestHandler<CheckAcceptance, AcceptanceEvaluation>
{
    public async Task<AcceptanceEvaluation> Handle(CheckAcceptance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stamp = clock.Stamp();
        var facts = request.Content.ToFacts(stamp);

        // The body holds personal data even though nothing of it is kept: the check itself is audited.
        await audit.RecordReadAsync(AuditActions.CheckAcceptance, null, cancellationToken);
        return RuleTexts.Explain(policy.Evaluate(facts, stamp.On), policy);
    }
}
