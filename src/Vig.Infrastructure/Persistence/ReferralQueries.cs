using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

internal sealed class ReferralQueries(VigDbContext db) : IReferralQueries
{
    private readonly VigDbContext _db = db;

    public async Task<IReadOnlyList<ReferralSummary>> ListAsync(ReferralFilter filter, ReferralCursor? after, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var referrals = _db.Referrals.AsNoTracking();
        if (filter.Status is { } status)
        {
            referrals = referrals.Where(r => r.Status == status);
        }

        if (filter.Route is { } route)
        {
            referrals = referrals.Where(r => r.Route!.Kind == route);
        }

        if (filter.Concern is { } concern)
        {
            referrals = referrals.Where(r => r.Concerns.Any(c => c.CategoryCode == concern));
        }

        if (filter.ReferrerRole is { } role)
        {
            referrals = referrals.Where(r => r.Referrer!.Role == role);
        }

        if (filter.ExternalCaseId is { } caseId)
        {
            referrals = referrals.Where(r => r.Child!.ExternalCaseId == caseId);
        }

        if (filter.CreatedBy is { } creator)
        {
            referrals = referrals.Where(r => r.CreatedBy == creator);
        }

        if (filter.UpdatedSince is { } since)
        {
            referrals = referrals.Where(r => r.UpdatedAt >= since);
        }

        if (after is not null)
        {
            referrals = referrals.Where(r => r.UpdatedAt > after.UpdatedAt || (r.UpdatedAt == after.UpdatedAt && r.Id > after.Id));
        }

        var rows = await referrals
            .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
            .Take(take)
            .Select(r => new
            {
                r.Id,
                r.Reference,
                r.Status,
                Route = (Domain.Referrals.RouteKind?)r.Route!.Kind,
                Role = (Domain.Referrals.ReferrerRole?)r.Referrer!.Role,
                r.Child!.ExternalCaseId,
                Concerns = r.Concerns.Select(c => c.CategoryCode).ToList(),
                r.CreatedAt,
                r.UpdatedAt,
                r.Version,
            })
            .ToListAsync(cancellationToken);

        return [.. rows.Select(r => new ReferralSummary(r.Id, r.Reference.Value, r.Status, r.Route, r.Role, r.ExternalCaseId, InCatalogueOrder(r.Concerns), r.CreatedAt, r.UpdatedAt, r.Version))];
    }

    public async Task<ReferralStatistics> StatisticsAsync(CancellationToken cancellationToken)
    {
        var referrals = _db.Referrals.AsNoTracking();
        var byStatus = await referrals.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byRoute = await referrals.Where(r => r.Route != null).GroupBy(r => r.Route!.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byRole = await referrals.Where(r => r.Referrer != null).GroupBy(r => r.Referrer!.Role).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byConcern = await referrals.SelectMany(r => r.Concerns).GroupBy(c => c.CategoryCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new ReferralStatistics(
            byStatus.Sum(s => s.Count),
            byStatus.ToDictionary(s => Name(s.Key), s => s.Count),
            byRoute.ToDictionary(s => Name(s.Key), s => s.Count),
            byRole.ToDictionary(s => Name(s.Key), s => s.Count),
            byConcern.ToDictionary(s => s.Key, s => s.Count));
    }

    public async Task<IReadOnlyList<Guid>> FinishedAndNotAnonymisedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        await _db.Referrals.AsNoTracking()
            .Where(r => (r.Status == ReferralStatus.Closed || r.Status == ReferralStatus.Declined || r.Status == ReferralStatus.Withdrawn)
                && r.AnonymisedAt == null && r.UpdatedAt < cutoff)
            .OrderBy(r => r.UpdatedAt)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

    // The same order as a referral's own concerns: the catalogue's (ADR 0010).
    private static List<string> InCatalogueOrder(List<string> codes) =>
        [.. codes.OrderBy(code => ConcernCategory.FromCode(code)?.DisplayOrder ?? int.MaxValue)];

    private static string Name<T>(T value)
        where T : struct, Enum => EnumText.Name(value);
}
