using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Evaluates a new referral's content and consents as if it were submitted today, storing nothing.</summary>
public sealed record CheckAcceptance(NewReferralContent Body) : IRequest<EvaluationView>;

public sealed class CheckAcceptanceValidator : AbstractValidator<CheckAcceptance>
{
    public CheckAcceptanceValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new NewReferralContentValidator(calendar));
}

public sealed class CheckAcceptanceHandler(ServiceClock clock, AcceptancePolicy policy, IAuditTrail audit) : IRequestHandler<CheckAcceptance, EvaluationView>
{
    public async Task<EvaluationView> Handle(CheckAcceptance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stamp = clock.Stamp();
        var facts = request.Body.ToFacts(stamp);

        // The body holds personal data even though nothing of it is kept: the check itself is audited.
        await audit.RecordReadAsync(AuditActions.CheckAcceptance, null, cancellationToken);
        return EvaluationView.From(policy.Evaluate(facts, stamp.On), policy);
    }
}
