using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Withdraws an open referral; nothing is deleted.</summary>
public sealed record WithdrawReferral(Guid Id, int ExpectedVersion, string? Reason) : IRequest<ReferralResult>;

public sealed class WithdrawReferralValidator : AbstractValidator<WithdrawReferral>
{
    public WithdrawReferralValidator() =>
        RuleFor(x => x.Reason).NotBlank().WithMessage("Say why the referral is withdrawn.").MultiLine().MaximumLength(StatusChange.CommentMaxLength);
}

public sealed class WithdrawReferralHandler(ReferralChanges changes) : IRequestHandler<WithdrawReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(WithdrawReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Withdraw, (referral, stamp) => referral.Withdraw(request.Reason!, stamp), cancellationToken);
}
