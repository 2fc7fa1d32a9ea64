using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// Two keyed accepts of one referral with the same If-Match, made to overlap: each waits (up to a
/// second) after loading the referral until the other has loaded it too. Inside a keyed transaction
/// the load locks the row (FOR UPDATE), so the second load waits for the first request's commit and
/// sees the new version: one accept, one clean 412, and nothing of the loser stored. Without the
/// lock both would load the same version, and the loser's save, which runs without a savepoint
/// (ADR 0008), would commit its history row and audit record beside its stored 412.
/// </summary>
public sealed class KeyedChangeRaceTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task TwoKeyedAccepts_WithOneIfMatch_OneWins_AndTheLoserLeavesNothingBehind()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var loads = new LoadBarrier(2);
        await using var host = new VigApiFactory(Fixture.Postgres.ConnectionString, VigApiFactory.WithServices(s => s.AddSingleton<IInterceptor>(loads)));
        host.StartServer();
        using var client = host.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        var racing = new ReferralApi(Fixture, client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var response = await racing.PostAsync(referral.Id, "accept", referral.ETag, idempotencyKey: Guid.NewGuid().ToString());
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Order());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM referrals, jsonb_array_elements(history) AS h WHERE id = $1 AND h ->> 'To' = 'Accepted'", referral.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_events WHERE referral_id = $1 AND action = 'referral.accept'", referral.Id));
        Assert.Equal(2, await CountAsync("SELECT jsonb_array_length(evaluations)::bigint FROM referrals WHERE id = $1", referral.Id)); // submission, acceptance
    }

    private async Task<long> CountAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>After a change's load of a referral, waits until <paramref name="parties"/> loads have happened, or a second.</summary>
    private sealed class LoadBarrier(int parties) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _loads;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            // A change's load: the referral by id, locked for the change.
            if (command.CommandText.Contains("FROM referrals AS r", StringComparison.Ordinal)
                && command.CommandText.EndsWith("FOR UPDATE", StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref _loads) >= parties)
                {
                    _all.TrySetResult();
                }

                await Task.WhenAny(_all.Task, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            }

            return await base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
