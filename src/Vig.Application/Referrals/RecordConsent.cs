using FluentValidation;
using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

/// <summary>Records a consent given by a parent/carer of the referral, or by the child (no parentCarerId).</summary>
public sealed record RecordConsent(Guid Id, int ExpectedVersion, ConsentBody Body) : IRequest<ReferralView>;

public sealed class RecordConsentValidator : AbstractValidator<RecordConsent>
{
    public RecordConsentValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new ConsentBodyValidator(calendar));
}

public sealed class ConsentBodyValidator : AbstractValidator<ConsentBody>
{
    public ConsentBodyValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Give the kind of consent: takePartInVig or beFilmed.");
        RuleFor(x => x.GivenOn).NotNull().WithMessage("Give the date the consent was given (yyyy-mm-dd).")
            .HasHappened(calendar, "The date the consent was given");
    }
}

public sealed class RecordConsentHandler(ReferralChanges changes) : IRequestHandler<RecordConsent, ReferralView>
{
    public Task<ReferralView> Handle(RecordConsent request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.RecordConsent,
            (referral, stamp) => referral.RecordConsent(Guid.CreateVersion7(stamp.At), request.Body.ParentCarerId, request.Body.Kind!.Value, request.Body.GivenOn!.Value, stamp),
            cancellationToken);
}
