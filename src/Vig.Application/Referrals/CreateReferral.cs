using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Creates a referral with the consents already given; with <paramref name="Submit"/>, submits it at once, so a complete one is Eligible in one call.</summary>
public sealed record CreateReferral(NewReferralContent Body, bool Submit) : IRequest<ReferralView>;

public sealed class CreateReferralValidator : AbstractValidator<CreateReferral>
{
    public CreateReferralValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new NewReferralContentValidator(calendar));
}

public sealed class CreateReferralHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<CreateReferral, ReferralView>
{
    public Task<ReferralView> Handle(CreateReferral request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return changes.CreateAsync(request.Submit ? AuditActions.CreateAndSubmit : AuditActions.Create, (reference, stamp) =>
        {
            var referral = request.Body.ToReferral(Guid.CreateVersion7(stamp.At), reference, stamp);
            if (request.Submit)
            {
                referral.Submit(policy, stamp);
            }

            return referral;
        }, cancellationToken);
    }
}
