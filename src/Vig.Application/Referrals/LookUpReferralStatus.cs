using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// Where a case-management system's referrals stand, found by the child's case id in that system
/// or by the service's reference: exactly one of the two. A case id can have several referrals
/// (a child referred again), so the answer is a list, newest first, at most <see cref="MaxMatches"/>.
/// The same access rule as a read: without referrals.decide a client finds only the referrals it created.
/// </summary>
public sealed record LookUpReferralStatus(string? ExternalCaseId, string? Reference) : IRequest<IReadOnlyList<ReferralResult>>
{
    public const int MaxMatches = 20;
}

public sealed class LookUpReferralStatusValidator : AbstractValidator<LookUpReferralStatus>
{
    public LookUpReferralStatusValidator()
    {
        RuleFor(x => x.ExternalCaseId).NotEmpty().When(x => x.Reference is null)
            .WithMessage("Give externalCaseId (the child's case id in your system) or reference (e.g. VIG-2027-000123).");
        RuleFor(x => x.ExternalCaseId).Null().When(x => x.Reference is not null)
            .WithMessage("Give externalCaseId or reference, not both.");
        RuleFor(x => x.ExternalCaseId).SingleLine().MaximumLength(Child.ExternalCaseIdMaxLength);
        RuleFor(x => x.Reference).Must(r => ReferralReference.TryParse(r, out _)).When(x => x.Reference is not null)
            .WithMessage("Use a reference as the service gave it: VIG-yyyy-nnnnnn.");
    }
}

public sealed class LookUpReferralStatusHandler(ReferralAccess access, ReferralResults results)
    : IRequestHandler<LookUpReferralStatus, IReadOnlyList<ReferralResult>>
{
    public async Task<IReadOnlyList<ReferralResult>> Handle(LookUpReferralStatus request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await access.ReadManyAsync(
            new ReferralLookup(request.ExternalCaseId, request.Reference), LookUpReferralStatus.MaxMatches, AuditActions.StatusLookup, cancellationToken);
        return [.. found.Select(referral => results.For(referral))];
    }
}
