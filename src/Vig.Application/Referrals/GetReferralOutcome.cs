using MediatR;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The outcome of a closed referral for the client that made it (or the VIG team): how it closed,
/// when it reached each step, and what was measured before and after VIG. Read and audited in one
/// statement as any read of the referral; the same access rule, so another client's is "not found".
/// </summary>
public sealed record GetReferralOutcome(Guid Id) : IRequest<ReferralOutcome>;

/// <summary>A closed referral's outcome: each step's first instant (closing: the last), and the measured changes.</summary>
public sealed record ReferralOutcome(
    Referral Referral,
    ClosureOutcome Outcome,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? AllocatedAt,
    DateTimeOffset ClosedAt,
    IReadOnlyList<MeasuredChange> MeasuredChanges)
{
    /// <summary>The outcome of <paramref name="referral"/>; refused (409) until it is closed.</summary>
    public static ReferralOutcome Of(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        if (referral.Status != ReferralStatus.Closed || referral.Outcome is not { } outcome)
        {
            throw new DomainException(ReferralErrors.OutcomeNotYetAvailable(referral.Status));
        }

        DateTimeOffset? First(ReferralStatus status) => referral.History.FirstOrDefault(h => h.To == status)?.At;
        return new ReferralOutcome(
            referral,
            outcome,
            First(ReferralStatus.Submitted),
            First(ReferralStatus.Accepted),
            First(ReferralStatus.Allocated),
            referral.History[^1].At,
            referral.MeasuredChanges);
    }
}

public sealed class GetReferralOutcomeHandler(ReferralAccess access) : IRequestHandler<GetReferralOutcome, ReferralOutcome>
{
    public async Task<ReferralOutcome> Handle(GetReferralOutcome request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReferralOutcome.Of(await access.ReadAsync(request.Id, AuditActions.ReadOutcome, cancellationToken));
    }
}
