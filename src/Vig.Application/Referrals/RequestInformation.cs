using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Acceptance.Rules;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Asks the referrer to answer the named rules (all unmet rules when none are named).</summary>
public sealed record RequestInformation(Guid Id, int ExpectedVersion, IReadOnlyList<string>? RuleCodes, string? Comment) : IRequest<ReferralResult>;

public sealed class RequestInformationValidator : AbstractValidator<RequestInformation>
{
    public RequestInformationValidator()
    {
        RuleFor(x => x.RuleCodes).Must(c => c!.Count <= AcceptanceRules.All.Count).When(x => x.RuleCodes is not null)
            .WithMessage($"Name each rule once: at most {AcceptanceRules.All.Count}.");
        RuleForEach(x => x.RuleCodes).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Remove the null: each is a rule code from GET /api/v1/acceptance-rules.")
            .SingleLine()
            .MaximumLength(AcceptanceRule.CodeMaxLength);
        RuleFor(x => x.Comment).MultiLine().MaximumLength(StatusChange.CommentMaxLength);
    }
}

public sealed class RequestInformationHandler(ReferralChanges changes, AcceptancePolicy policy) : IRequestHandler<RequestInformation, ReferralResult>
{
    public Task<ReferralResult> Handle(RequestInformation request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.RequestInformation, (referral, stamp) => referral.RequestInformation(request.RuleCodes ?? [], request.Comment, policy, stamp), cancellationToken);
}
