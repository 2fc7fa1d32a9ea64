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
    public CheckAcceptanceValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.Body).NotNull().SetValidator(new ReferralBodyValidator(calendar));
        RuleForEach(x => x.Consents).NotNull().WithMessage("Remove the null: each consent is an object with a kind and the date it was given.")
            .SetValidator(new ConsentBodyValidator(calendar));

        // A stored referral's own RecordConsent refuses this too; here the field can be named.
        RuleFor(x => x.Consents).Custom((consents, context) =>
        {
            var born = context.InstanceToValidate.Body?.Child?.DateOfBirth;
            for (var i = 0; i < (consents?.Count ?? 0); i++)
            {
                if (consents![i]?.GivenOn < born)
                {
                    context.AddFailure($"Consents[{i}].GivenOn", "A consent cannot be given before the child's date of birth; check both dates.");
                }
            }
        });
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
