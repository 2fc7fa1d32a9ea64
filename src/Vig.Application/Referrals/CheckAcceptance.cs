using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>The body of POST /acceptance-checks: a referral's content and the consents already given.</summary>
public sealed record AcceptanceCheckBody : ReferralBody
{
    public IReadOnlyList<ConsentBody>? Consents { get; init; }
}

/// <summary>Evaluates a referral's content as if it were submitted today, storing nothing.</summary>
public sealed record CheckAcceptance(ReferralBody Body, IReadOnlyList<ConsentBody>? Consents) : IRequest<EvaluationView>;

public sealed class CheckAcceptanceValidator : AbstractValidator<CheckAcceptance>
{
    public CheckAcceptanceValidator()
    {
        RuleFor(x => x.Body).NotNull().SetValidator(new ReferralBodyValidator());
        RuleForEach(x => x.Consents).SetValidator(new ConsentBodyValidator());
    }
}

public sealed class CheckAcceptanceHandler(ServiceClock clock, AcceptancePolicy policy, IAuditTrail audit) : IRequestHandler<CheckAcceptance, EvaluationView>
{
    private static readonly ReferralReference Unsaved = ReferralReference.Create(2000, 1);

    public async Task<EvaluationView> Handle(CheckAcceptance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stamp = clock.Stamp();
        var referral = Referral.Create(Guid.Empty, Unsaved, request.Body.ToDetails(), stamp);
        foreach (var consent in request.Consents ?? [])
        {
            referral.RecordConsent(Guid.NewGuid(), consent.ParentCarerId, consent.Kind!.Value, consent.GivenOn!.Value, stamp);
        }

        // The body holds personal data even though nothing of it is kept: the check itself is audited.
        await audit.RecordReadAsync("acceptance-check", null, cancellationToken);
        return EvaluationView.From(referral.Evaluate(policy, stamp.On));
    }
}
