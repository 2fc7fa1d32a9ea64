using Vig.Domain.Referrals;

namespace Vig.Application.ReferenceData;

/// <summary>Reads the reference tables that clients use to build and interpret referrals.</summary>
public interface IReferenceData
{
    Task<IReadOnlyList<ConcernCategory>> ConcernCategoriesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<DeclineReason>> DeclineReasonsAsync(CancellationToken cancellationToken);
}
