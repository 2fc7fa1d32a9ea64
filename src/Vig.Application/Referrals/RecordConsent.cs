using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Records a consent given by a parent/carer of the referral, or by the child (<paramref name="ParentCarerId"/> null).</summary>
public sealed record RecordConsent(Guid Id, int ExpectedVersion, Guid? ParentCarerId, ConsentKind Kind, DateOnly GivenOn) : IRequest<ReferralResult>;

public sealed class RecordConsentHandler(ReferralChanges changes) : IRequestHandler<RecordConsent, ReferralResult>
{
    public Task<ReferralResult> Handle(RecordConsent request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.RecordConsent,
            (referral, stamp) => referral.RecordConsent(Guid.CreateVersion7(stamp.At), request.ParentCarerId, request.Kind, request.GivenOn, stamp),
            cancellationToken);
}
