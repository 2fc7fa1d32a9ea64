using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Referrals;
using Vig.Domain.Common;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// Two units of work that change the same referral: the second one's load waits for the first one's
/// commit (the change's row lock, ADR 0023), so it sees the first change and never saves over it. The
/// order is fixed by the test (it waits until the second load is blocked on the lock), so the outcome
/// does not depend on timing.
/// </summary>
public sealed class ConcurrencyTokenTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ALoadForAChange_WaitsForAnotherChangeToCommit_AndSeesIt()
    {
        var created = await Api.CreateAsync();
        await using var firstScope = Fixture.Factory.Services.CreateAsyncScope();
        await using var secondScope = Fixture.Factory.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var second = secondScope.ServiceProvider.GetRequiredService<IReferralRepository>();
        var mine = (await first.FindAsync(created.Id, createdBy: null, CancellationToken.None))!;

        var theirs = second.FindAsync(created.Id, createdBy: null, CancellationToken.None);
        await WaitUntilALoadIsBlockedOnALockAsync();
        Assert.False(theirs.IsCompleted);

        var now = Fixture.Factory.Clock.GetUtcNow();
        mine.Withdraw("First.", new Stamp(TestTokens.DefaultClient, now, DateOnly.FromDateTime(now.UtcDateTime)));
        await first.SaveChangesAsync(CancellationToken.None);

        var seen = (await theirs)!;
        Assert.Equal(created.Version + 1, seen.Version);
        Assert.Equal("First.", seen.History[^1].Comment);
        var history = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{created.Id}/history", UriKind.Relative));
        Assert.Equal(["First."], history.EnumerateArray().Where(h => h.GetProperty("to").GetString() == "withdrawn").Select(h => h.GetProperty("comment").GetString()));
    }

    private async Task WaitUntilALoadIsBlockedOnALockAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE'",
            connection);
        for (var attempt = 0; attempt < 500 && (long)(await waiting.ExecuteScalarAsync())! == 0; attempt++)
        {
            await Task.Yield();
        }
    }
}
