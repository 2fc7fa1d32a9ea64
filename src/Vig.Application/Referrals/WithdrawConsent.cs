using FluentValidation;
using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

/// <summary>Records that a consent was withdrawn (today unless a date is given); the consent record stays.</summary>
public sealed record WithdrawConsent(Guid Id, int ExpectedVersion, Guid ConsentId, DateOnly? WithdrawnOn) : IRequest<ReferralResult>;

public sealed class WithdrawConsentValidator : AbstractValidator<WithdrawConsent>
{
    public WithdrawConsentValidator(ServiceCalendar calendar) =>
        RuleFor(x => x.WithdrawnOn).HasHappened(calendar, "The date the consent was withdrawn");
}

public sealed class WithdrawConsentHandler(ReferralChanges changes) : IRequestHandler<WithdrawConsent, ReferralResult>
{
    public Task<ReferralResult> Handle(WithdrawConsent request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.WithdrawConsent, (referral, stamp) => referral.WithdrawConsent(request.ConsentId, request.WithdrawnOn ?? stamp.On, stamp), cancellationToken);
}
