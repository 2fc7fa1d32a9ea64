using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// Replaces the content of a referral in Draft or InformationRequested (PUT semantics). Parent/carer
/// ids are the service's: <paramref name="IdsSentBack"/> are the ids the client sent back, which
/// keep their parent/carers (and consents) and must be this referral's; the other parent/carers of
/// <paramref name="Details"/> are new, with ids given at the edge.
/// </summary>
public sealed record UpdateReferral(Guid Id, int ExpectedVersion, ReferralDetails Details, IReadOnlySet<Guid> IdsSentBack) : IRequest<ReferralResult>
{
    /// <summary>Said of a parent/carer id that is not one of this referral's; the same whether or not it exists elsewhere.</summary>
    public const string ForeignParentCarerId =
        "This is not the id of one of this referral's parent/carers. Send back an id the service gave this referral, or leave the id out for a new parent or carer.";

    /// <summary>Refuses, naming each field, an id sent back that is not one of <paramref name="current"/> (the referral's own), so a client can never reuse or invent one.</summary>
    /// <exception cref="RequestValidationException">An id is not one of this referral's parent/carers.</exception>
    public void EnsureIdsAreOf(IReadOnlyList<ParentCarer> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var foreign = Details.ParentCarers
            .Select((p, i) => (p.Id, Index: i))
            .Where(p => IdsSentBack.Contains(p.Id) && current.All(c => c.Id != p.Id))
            .ToDictionary(p => $"ParentCarers[{p.Index}].Id", _ => new[] { ForeignParentCarerId }, StringComparer.Ordinal);
        if (foreign.Count > 0)
        {
            throw new RequestValidationException(foreign);
        }
    }
}

public sealed class UpdateReferralHandler(ReferralChanges changes) : IRequestHandler<UpdateReferral, ReferralResult>
{
    public Task<ReferralResult> Handle(UpdateReferral request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return changes.ChangeAsync(request.Id, request.ExpectedVersion, AuditActions.Edit, (referral, stamp) =>
        {
            request.EnsureIdsAreOf(referral.ParentCarers);
            referral.Edit(request.Details, stamp);
        }, cancellationToken);
    }
}
