using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// A second API host on the same database whose database calls fail on demand: lost connections
/// are retried where nothing can have been written, answered 503 otherwise, never kept against an
/// Idempotency-Key, and an answer lost after its commit is replayed, not run again.
/// </summary>
public sealed class DatabaseFailureTests(ApiFixture api) : ApiTestBase(api), IAsyncLifetime
{
    private readonly DatabaseFaults _faults = new();
    private readonly LostCommitAnswers _lostCommits = new();
    private VigApiFactory? _faulty;
    private HttpClient? _client;
    private ReferralApi? _api;

    private ReferralApi FaultyApi => _api!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Fixture.ResetDatabaseAsync();
        _faulty = new VigApiFactory(Fixture.Postgres.ConnectionString, VigApiFactory.WithServices(services =>
        {
            services.AddSingleton<IInterceptor>(_faults);
            services.AddSingleton<IInterceptor>(_lostCommits);
        }));
        _faulty.StartServer();
        _client = _faulty.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        _api = new ReferralApi(Fixture, _client);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _client?.Dispose();
        if (_faulty is not null)
        {
            await _faulty.DisposeAsync();
        }
    }

    [Fact]
    public async Task Read_WhoseFirstQueryMeetsALostConnection_IsRunAgainAndSucceeds()
    {
        var referral = await Api.CreateAsync();
        _faults.FailCommands("FROM referrals", times: 1);

        var read = await FaultyApi.GetAsync(referral.Id);

        Assert.Equal(referral.Id, read.Id);
        Assert.True(_faults.PendingFailures <= 0, "The injected failure happened.");
    }

    [Fact]
    public async Task Read_WhenTheDatabaseStaysAway_Answers503WithRetryAfter()
    {
        var referral = await Api.CreateAsync();
        _faults.FailCommands("FROM referrals", times: 10);

        using var response = await _client!.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative));

        await AssertUnavailableAsync(response);
    }

    [Theory]
    [InlineData("42P05")] // prepared statement already exists
    [InlineData("26000")] // prepared statement does not exist
    public async Task Read_OnAConnectionThatLostTrackOfItsPreparedStatements_IsRunAgainAndSucceeds(string sqlState)
    {
        // Seen during a failover (ADR 0026): the connection is dropped and the read runs on a fresh one, never a 500.
        var referral = await Api.CreateAsync();
        _faults.FailCommands("FROM referrals", times: 1, sqlState);

        var read = await FaultyApi.GetAsync(referral.Id);

        Assert.Equal(referral.Id, read.Id);
        Assert.True(_faults.PendingFailures <= 0, "The injected failure happened.");
    }

    [Fact]
    public async Task Write_WhoseSaveMeetsALostConnection_BeforeItsCommit_IsRunAgainAndSucceeds()
    {
        // Nothing of an uncommitted transaction survives its connection, so the write runs again.
        _faults.FailCommands("INSERT INTO referrals", times: 1);

        using var response = await _client!.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(_faults.PendingFailures <= 0, "The injected failure happened.");
        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task Write_WhoseCommitMeetsALostConnection_Answers503_AndIsNotRunAgain()
    {
        // Whether a COMMIT whose answer was lost happened is unknown: running the write again could do it twice.
        _lostCommits.LoseNext();

        using var response = await _client!.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));

        var problem = await AssertUnavailableAsync(response);
        Assert.Equal(1, await Api.CountAsync("referrals"));
        Assert.Contains("may or may not have been saved", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyedWrite_Answered503_IsNotKept_SoTheRetryWithTheSameKeyRunsIt()
    {
        var key = Guid.NewGuid().ToString();
        _faults.FailCommands("INSERT INTO referrals", times: 1);
        using (var failed = await PostWithKeyAsync(key))
        {
            await AssertUnavailableAsync(failed);
        }

        Assert.Equal((0, 0), (await Api.CountAsync("referrals"), await Api.CountAsync("idempotency_keys")));

        using var retry = await PostWithKeyAsync(key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task KeyedWrite_WhoseAnswerIsLostAfterTheCommit_IsReplayedByTheRetry_NotRunAgain()
    {
        var key = Guid.NewGuid().ToString();
        _lostCommits.LoseNext();
        using (var lost = await PostWithKeyAsync(key))
        {
            var problem = await AssertUnavailableAsync(lost);
            Assert.Contains("same Idempotency-Key", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        using var retry = await PostWithKeyAsync(key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await Api.CountAsync("referrals"));
        var created = await Api.GetAsync(Guid.Parse(retry.Headers.Location!.OriginalString.Split('/')[^1]));
        Assert.Equal(retry.Headers.ETag!.Tag, created.ETag.Trim('W', '/'));
    }

    [Theory]
    [InlineData("read")]
    [InlineData("write")]
    [InlineData("keyed write")]
    public async Task Request_AfterTheServerDroppedEveryPooledConnection_Succeeds(string kind)
    {
        // Fill the pool with more idle connections than a request has attempts, then do what a
        // database restart does to it: the server ends every connection. The request gets through
        // only if the dead idle connections are dropped at the first failure, not tried in turn.
        var referral = await FaultyApi.CreateAsync();
        await FaultyApi.GetAsync(referral.Id);

        // Eight connections open at once, then back to the pool: requests alone fill it only if
        // they happen to overlap, and a read is one round trip now (ADR 0013).
        var pool = _faulty!.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => pool.OpenConnectionAsync().AsTask()));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        Assert.True(await TerminateTheApisConnectionsAsync() > IRequestRetryPolicy.MaxAttempts, "More pooled connections died than a request has attempts.");

        using var response = kind switch
        {
            "read" => await _client!.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative)),
            "write" => await _client!.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody())),
            _ => await PostWithKeyAsync(Guid.NewGuid().ToString()),
        };

        Assert.True(response.IsSuccessStatusCode, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<long> TerminateTheApisConnectionsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var terminate = new Npgsql.NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            connection);
        return (long)(await terminate.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task EveryRequest_WhileTheDatabaseRefusesConnections_Answers503WithRetryAfter()
    {
        // A port nothing listens on: what clients meet while PostgreSQL is down or restarting.
        var closedPort = new Npgsql.NpgsqlConnectionStringBuilder(Fixture.Postgres.ConnectionString) { Host = "127.0.0.1", Port = ClosedLoopbackPort() }.ConnectionString;
        await using var away = new VigApiFactory(closedPort, builder => builder.UseSetting("Database:MigrateOnStartup", "false"));
        using var client = away.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        using var read = await client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative));
        using var reference = await client.GetAsync(new Uri("/api/v1/concern-categories", UriKind.Relative));
        using var create = await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        keyed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var keyedCreate = await client.SendAsync(keyed);
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        foreach (var response in new[] { list, read, reference, create, keyedCreate })
        {
            await AssertUnavailableAsync(response);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<HttpResponseMessage> PostWithKeyAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client!.SendAsync(request);
    }

    private static async Task<System.Text.Json.JsonElement> AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("database.unavailable", problem.GetProperty("code").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must say when to retry (Retry-After).");
        return problem;
    }
}
