using FluentValidation;
using MediatR;

namespace Vig.Application.Referrals;

/// <summary>Records a consent given by a parent/carer of the referral, or by the child (no parentCarerId).</summary>
public sealed record RecordConsent(Guid Id, int ExpectedVersion, ConsentBody Consent) : IRequest<ReferralView>;

public sealed class RecordConsentValidator : AbstractValidator<RecordConsent>
{
    public RecordConsentValidator() => RuleFor(x => x.Consent).NotNull().SetValidator(new ConsentBodyValidator());
}

public sealed class ConsentBodyValidator : AbstractValidator<ConsentBody>
{
    public ConsentBodyValidator()
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Give the kind of consent: takePartInVig or beFilmed.");
        RuleFor(x => x.GivenOn).NotNull().WithMessage("Give the date the consent was given (yyyy-mm-dd).");
    }
}

public sealed class RecordConsentHandler(ReferralAccess access) : IRequestHandler<RecordConsent, ReferralView>
{
    public Task<ReferralView> Handle(RecordConsent request, CancellationToken cancellationToken) =>
        access.ChangeAsync(request.Id, request.ExpectedVersion, "consent.record",
            (referral, stamp) => referral.RecordConsent(Guid.CreateVersion7(stamp.At), request.Consent.ParentCarerId, request.Consent.Kind!.Value, request.Consent.GivenOn!.Value, stamp),
            cancellationToken);
}
