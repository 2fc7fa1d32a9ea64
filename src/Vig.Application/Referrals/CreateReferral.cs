using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Creates a referral with the consents already given; with <paramref name="Submit"/>, submits it at once, so a complete one is Eligible in one call.</summary>
public sealed record CreateReferral(NewReferralContent Body, bool Submit) : IRequest<ReferralView>;

public sealed class CreateReferralValidator : AbstractValidator<CreateReferral>
{
    public CreateReferralValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new NewReferralContentValidator(calendar));
}

public sealed class CreateReferralHandler(IReferralRepository referrals, ServiceClock clock, AcceptancePolicy policy, IAuditTrail audit, ReferralAccess access) : IRequestHandler<CreateReferral, ReferralView>
{
    private readonly IReferralRepository _referrals = referrals;
    private readonly ServiceClock _clock = clock;
    private readonly AcceptancePolicy _policy = policy;

    private readonly IAuditTrail _audit = audit;
    private readonly ReferralAccess _access = access;

    public async Task<ReferralView> Handle(CreateReferral request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stamp = _clock.Stamp();
        var reference = ReferralReference.Create(stamp.On.Year, await _referrals.NextNumberAsync(cancellationToken));
        var referral = request.Body.ToReferral(Guid.CreateVersion7(stamp.At), reference, stamp);
        if (request.Submit)
        {
            referral.Submit(_policy, stamp);
        }

        _referrals.Add(referral);
        _audit.Record(request.Submit ? AuditActions.CreateAndSubmit : AuditActions.Create, referral.Id);
        await _referrals.SaveChangesAsync(cancellationToken);
        return _access.View(referral);
    }
}
