using FluentValidation;
using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Referrals;

/// <summary>
/// Replaces the content of a referral in Draft or InformationRequested (PUT semantics). Parent/carers
/// sent back with their ids keep them (and their consents); an id that is not this referral's is refused.
/// </summary>
public sealed record UpdateReferral(Guid Id, int ExpectedVersion, ReferralBody Body) : IRequest<ReferralView>;

public sealed class UpdateReferralValidator : AbstractValidator<UpdateReferral>
{
    public UpdateReferralValidator(ServiceCalendar calendar) => RuleFor(x => x.Body).NotNull().SetValidator(new ReferralBodyValidator(calendar));
}

public sealed class UpdateReferralHandler(ReferralChanges changes) : IRequestHandler<UpdateReferral, ReferralView>
{
    public Task<ReferralView> Handle(UpdateReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Edit, (referral, stamp) => referral.Edit(request.Body.ToDetails(referral.ParentCarers), stamp), cancellationToken);
}
