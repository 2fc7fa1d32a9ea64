using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Api.Tests.Referrals;
using Vig.Application.Referrals;
using Vig.Domain.Common;
using Vig.Infrastructure.Persistence;
using Vig.Infrastructure.Reports;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// What a write path may rely on from <see cref="ReportRowKeeper"/> (ADR 0021, 0032): a save tried
/// again counts a change once and adds a stopped clock's row once, and a referral saved without its
/// row loaded is refused, not left unreported.
/// </summary>
public sealed class ReportRowKeeperTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task BeforeSave_CalledAgainBeforeTheSave_CountsTheChangeOnce()
    {
        var created = await Api.CreateAsync();
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var referral = (await repository.FindAsync(created.Id, createdBy: null, CancellationToken.None))!;
        referral.Withdraw("Moved away.", Stamp());

        ReportRowKeeper.BeforeSave(scope.ServiceProvider.GetRequiredService<VigDbContext>()); // as a first save that failed
        await repository.SaveChangesAsync(CancellationToken.None); // calls it again

        Assert.Equal([("status", "Withdrawn", 1L)], await StatusCountsAsync());
    }

    [Fact]
    public async Task BeforeSave_CalledAgainBeforeTheSave_AddsAStoppedClocksRowOnce()
    {
        var created = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var referral = (await repository.FindAsync(created.Id, createdBy: null, CancellationToken.None))!;
        referral.Withdraw("Moved away.", Stamp());
        referral.TrackClock(scope.ServiceProvider.GetRequiredService<Domain.ServiceLevels.ServiceLevelClocks>());

        ReportRowKeeper.BeforeSave(scope.ServiceProvider.GetRequiredService<VigDbContext>()); // as a first save that failed
        await repository.SaveChangesAsync(CancellationToken.None); // calls it again

        Assert.Equal(1, await Api.CountAsync("referral_clock_rows WHERE kind = 'Decision' AND moved_to = 'Withdrawn'"));
    }

    [Fact]
    public async Task BeforeSave_OfAReferralLoadedWithoutItsRow_IsRefused()
    {
        var created = await Api.CreateAsync();
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var referral = await db.Referrals.SingleAsync(r => r.Id == created.Id);
        referral.Withdraw("Moved away.", Stamp());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains(nameof(ReportRowKeeper.Loaded), refused.Message, StringComparison.Ordinal);
        Assert.Equal([("status", "Draft", 1L)], await StatusCountsAsync());
    }

    [Fact]
    public async Task NoTriggerOrFunction_KeepsReportData()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();

        // vig_child_match_name keeps no report data: it is the match name of possible duplicates (ADR 0030).
        var left = await db.Database.SqlQuery<string>($"""
            SELECT t.tgname AS "Value" FROM pg_trigger t
             WHERE NOT t.tgisinternal
               AND t.tgrelid IN ('referrals'::regclass, 'referral_report_rows'::regclass, 'referral_count_changes'::regclass)
            UNION ALL
            SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND (p.proname LIKE 'report%' OR p.proname LIKE 'vig\_%')
               AND p.proname <> 'vig_child_match_name'
            """).ToListAsync();

        Assert.Empty(left);
    }

    private Stamp Stamp()
    {
        var now = Fixture.Factory.Clock.GetUtcNow();
        return new Stamp(TestTokens.DefaultClient, now, DateOnly.FromDateTime(now.UtcDateTime));
    }

    // The kept status counts: folded counts plus the changes not folded yet.
    private async Task<List<(string, string, long)>> StatusCountsAsync()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var sql = $"""
            SELECT dimension AS "Dimension", key AS "Key", sum(n)::bigint AS "Count"
              FROM (SELECT dimension, key, count AS n FROM referral_counts UNION ALL SELECT c."Dimension", c."Key", c."Change" FROM referral_count_changes AS p, {ReportsDatabase.PendingChanges("p")}) AS c
             WHERE dimension = 'status' GROUP BY dimension, key HAVING sum(n) <> 0 ORDER BY key
            """;
        var counts = await db.Database.SqlQueryRaw<KeptCount>(sql).ToListAsync();
        return [.. counts.Select(c => (c.Dimension, c.Key, c.Count))];
    }

    private sealed record KeptCount(string Dimension, string Key, long Count);
}
