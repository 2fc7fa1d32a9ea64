using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Allocates an accepted referral to a practitioner; refused while a needed consent is withdrawn.</summary>
public sealed record AllocateReferral(Guid Id, int ExpectedVersion, string? Practitioner) : IRequest<ReferralResult>;

public sealed class AllocateReferralValidator : AbstractValidator<AllocateReferral>
{
    public AllocateReferralValidator() =>
        RuleFor(x => x.Practitioner).NotBlank().WithMessage("Name the practitioner.").SingleLine().MaximumLength(Referral.PractitionerMaxLength);
}

public sealed class AllocateReferralHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<AllocateReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(AllocateReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Allocate, (referral, stamp) => referral.Allocate(request.Practitioner!, policy, stamp), cancellationToken);
}
