using Microsoft.EntityFrameworkCore;
using Vig.Application.ServiceLevels;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.ServiceLevels;

/// <summary>The clocks' figures a referral's answer carries, read on the request's own connection.</summary>
internal sealed class ServiceLevelQueries(VigDbContext db) : IServiceLevelQueries
{
    // One statement, an index-only scan of the window's allocations on (kind, stopped_on), which
    // carries moved_to and working_days: a few dozen entries a quarter (ADR 0032). SQL because
    // EF Core has no percentile_cont.
    public async Task<AllocationExpectation> AllocationExpectationAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var figures = await db.Database.SqlQuery<Figures>($"""
            SELECT count(*)::int AS allocations, percentile_cont(0.5) WITHIN GROUP (ORDER BY c.working_days) AS median_working_days
              FROM referral_clock_rows c
             WHERE c.kind = 'Allocation' AND c.stopped_on >= {from} AND c.moved_to = 'Allocated'
            """).ToListAsync(cancellationToken);
        return new AllocationExpectation(figures[0].Allocations, figures[0].MedianWorkingDays is { } median ? Math.Round(median, 2) : null);
    }

    private sealed record Figures(int Allocations, double? MedianWorkingDays);
}
