using FluentValidation;
using MediatR;
using Vig.Domain.Acceptance;

namespace Vig.Application.Referrals;

/// <summary>Allocates an accepted referral to a practitioner; refused while a needed consent is withdrawn.</summary>
public sealed record AllocateReferral(Guid Id, int ExpectedVersion, string? Practitioner) : IRequest<ReferralView>;

public sealed class AllocateReferralValidator : AbstractValidator<AllocateReferral>
{
    public const int PractitionerMaxLength = 200;

    public AllocateReferralValidator() =>
        RuleFor(x => x.Practitioner).NotEmpty().WithMessage("Name the practitioner.").MaximumLength(PractitionerMaxLength);
}

public sealed class AllocateReferralHandler(ReferralWriter writer, AcceptancePolicy policy) : IRequestHandler<AllocateReferral, ReferralView>
{
    public Task<ReferralView> Handle(AllocateReferral request, CancellationToken cancellationToken) =>
        writer.ChangeAsync(request.Id, request.ExpectedVersion, "referral.allocate", (referral, stamp) => referral.Allocate(request.Practitioner!, policy, stamp), cancellationToken);
}
