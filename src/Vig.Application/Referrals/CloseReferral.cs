using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Closes an allocated referral with its outcome.</summary>
public sealed record CloseReferral(Guid Id, int ExpectedVersion, ClosureOutcome? Outcome, string? Comment) : IRequest<ReferralResult>;

public sealed class CloseReferralValidator : AbstractValidator<CloseReferral>
{
    public CloseReferralValidator()
    {
        RuleFor(x => x.Outcome).NotNull().WithMessage("Give the outcome: completed, endedEarly, transferredToAnotherService or other.");
        RuleFor(x => x.Comment).MultiLine().MaximumLength(StatusChange.CommentMaxLength);
    }
}

public sealed class CloseReferralHandler(ReferralChanges changes) : IRequestHandler<CloseReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(CloseReferral request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Close, (referral, stamp) => referral.Close(request.Outcome!.Value, request.Comment, stamp), cancellationToken);
}
