using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// Declines a referral with a coded reason (GET /decline-reasons) and a comment for the referrer; as a
/// duplicate, naming the referral it duplicates (<paramref name="DuplicateOf"/>, seen only by the VIG team).
/// </summary>
public sealed record DeclineReferral(Guid Id, int ExpectedVersion, string? ReasonCode, string? Comment, Guid? DuplicateOf = null) : IRequest<ReferralResult>;

public sealed class DeclineReferralValidator : AbstractValidator<DeclineReferral>
{
    public DeclineReferralValidator()
    {
        RuleFor(x => x.ReasonCode).Cascade(CascadeMode.Stop).SingleLine()
            .Must(code => DeclineReason.FromCode(code) is not null).WithMessage("Use a code from GET /api/v1/decline-reasons.");
        RuleFor(x => x.Comment).NotBlank().WithMessage("Explain the decision to the referrer.").MultiLine().MaximumLength(StatusChange.CommentMaxLength);
        RuleFor(x => x.DuplicateOf).Null().When(x => x.ReasonCode != DeclineReason.Duplicate.Code)
            .WithMessage($"Give duplicateOf only with the reason code '{DeclineReason.Duplicate.Code}'.");
    }
}

public sealed class DeclineReferralHandler(ReferralChanges changes, PossibleDuplicates duplicates, IAuditTrail audit) : IRequestHandler<DeclineReferral, ReferralResult>
{
    public async Task<ReferralResult> Handle(DeclineReferral request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DuplicateOf is not { } original)
        {
            return await changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Decline, (referral, stamp) => referral.Decline(DeclineReason.FromCode(request.ReasonCode)!, request.Comment!, stamp), cancellationToken);
        }

        if (!await duplicates.IsVisibleAsync(original, cancellationToken))
        {
            throw new DomainException(PossibleDuplicateErrors.DuplicateOfUnknown);
        }

        return await changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Decline, (referral, stamp) =>
        {
            referral.DeclineAsDuplicateOf(original, request.Comment!, stamp);
            audit.Record(AuditActions.NameAsDuplicate, original);
        }, cancellationToken);
    }
}
