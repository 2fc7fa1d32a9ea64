using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Declines a referral with a coded reason (GET /decline-reasons) and a comment for the referrer.</summary>
public sealed record DeclineReferral(Guid Id, int ExpectedVersion, string? ReasonCode, string? Comment) : IRequest<ReferralResult>;

public sealed class DeclineReferralValidator : AbstractValidator<DeclineReferral>
{
    public DeclineReferralValidator()
    {
        RuleFor(x => x.ReasonCode).Cascade(CascadeMode.Stop).SingleLine()
            .Must(code => DeclineReason.FromCode(code) is not null).WithMessage("Use a code from GET /api/v1/decline-reasons.");
        RuleFor(x => x.Comment).NotBlank().WithMessage("Explain the decision to the referrer.").MultiLine().MaximumLength(StatusChange.CommentMaxLength);
    }
}

public sealed class DeclineReferralHandler(ReferralChanges changes) : IRequestHandler<DeclineReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(DeclineReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Decline, (referral, stamp) => referral.Decline(DeclineReason.FromCode(request.ReasonCode)!, request.Comment!, stamp), cancellationToken);
}
