using Microsoft.EntityFrameworkCore;
using Vig.Application.ReferenceData;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

internal sealed class ReferenceData(VigDbContext db) : IReferenceData
{
    private readonly VigDbContext _db = db;

    public async Task<IReadOnlyList<ConcernCategory>> ConcernCategoriesAsync(CancellationToken cancellationToken) =>
        await _db.ConcernCategories.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<DeclineReason>> DeclineReasonsAsync(CancellationToken cancellationToken) =>
        await _db.DeclineReasons.AsNoTracking().OrderBy(r => r.DisplayOrder).ToListAsync(cancellationToken);
}
