using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Infrastructure.LocalPostgres;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// A database failover against a real streaming standby (ADR 0026): a write that reaches a standby
/// (SQLSTATE 25006) and a connection string with no primary among its hosts ("No suitable host")
/// answer 503 database.unavailable with Retry-After, never 500, and readiness says 503; with
/// several hosts the service writes to the primary wherever it is listed.
/// </summary>
[Collection(ApiTestGroup.Name)] // runs alone, not beside the other HTTP tests on this 2-core machine
public sealed class FailoverTests(StandbyFixture clusters) : IClassFixture<StandbyFixture>
{
    [Fact]
    public async Task Write_OnAStandby_Answers503DatabaseUnavailable_AndReadinessIsNotReady()
    {
        await using var api = StandbyFixture.Api(clusters.Standby.ConnectionString(StandbyFixture.Database));
        using var client = api.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var create = await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        using var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        // A read writes its audit record in the same statement (ADR 0013), so it fails on a standby too.
        await AssertUnavailableAsync(create);
        await AssertUnavailableAsync(list);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task NoPrimaryAmongTheHosts_Answers503DatabaseUnavailable_AndReadinessIsNotReady()
    {
        // The standby twice: both hosts answer, neither is a primary (a failover before the promotion).
        var hosts = StandbyFixture.Hosts(clusters.Standby.ConnectionString(StandbyFixture.Database), clusters.Standby.Port, clusters.Standby.Port);
        await using var api = StandbyFixture.Api(hosts);
        using var client = api.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var create = await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        using var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        await AssertUnavailableAsync(create);
        await AssertUnavailableAsync(list);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task SeveralHosts_StandbyListedFirst_WritesGoToThePrimary()
    {
        // No Target Session Attributes in the string: the service asks for the primary itself.
        var hosts = StandbyFixture.Hosts(clusters.Primary.ConnectionString(StandbyFixture.Database), clusters.Standby.Port, clusters.Primary.Port);
        await using var api = StandbyFixture.Api(hosts);
        using var client = api.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var create = await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.True(create.StatusCode == HttpStatusCode.Created, $"{(int)create.StatusCode} {await create.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    internal static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("database.unavailable", problem.GetProperty("code").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must say when to retry (Retry-After).");
    }
}

/// <summary>
/// The primary is stopped at once (as a crash), the standby promoted: writes answer 503 in between,
/// never 500, and come back within 5 s of the promotion in the same process. Host Recheck Seconds is
/// set to a minute so that only the service's own forgetting of host roles can bring them back that soon.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class PromotionTests(StandbyFixture clusters) : IClassFixture<StandbyFixture>
{
    [Fact]
    public async Task PrimaryKilled_StandbyPromoted_WritesAnswer503Between_AndResumeWithin5Seconds()
    {
        var hosts = StandbyFixture.Hosts(clusters.Primary.ConnectionString(StandbyFixture.Database), clusters.Primary.Port, clusters.Standby.Port) + ";Host Recheck Seconds=60";
        await using var api = StandbyFixture.Api(hosts);
        using var client = api.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        using (var before = await CreateAsync(client))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        await clusters.KillPrimaryAsync();
        for (var i = 0; i < 3; i++)
        {
            using var during = await CreateAsync(client);
            await FailoverTests.AssertUnavailableAsync(during);
        }

        using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        await clusters.PromoteStandbyAsync();
        var sincePromotion = Stopwatch.StartNew();
        while (true)
        {
            using var after = await CreateAsync(client);
            if (after.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            await FailoverTests.AssertUnavailableAsync(after);
            Assert.True(sincePromotion.Elapsed < TimeSpan.FromSeconds(5), "Writes did not resume within 5 s of the promotion.");
            await Task.Delay(100);
        }

        using var readyAgain = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client) =>
        client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
}

/// <summary>
/// A migrated primary and a streaming standby made from it with pg_basebackup -R (as ReplicaFixture
/// does), run as the postgres OS user when the tests run as root; API hosts on any connection string.
/// </summary>
public sealed class StandbyFixture : IAsyncLifetime
{
    public const string Database = "vig";
    private LocalPostgresCluster? _primary;
    private LocalPostgresCluster? _standby;
    private string? _primaryDirectory;

    public LocalPostgresCluster Primary => _primary!;

    public LocalPostgresCluster Standby => _standby!;

    public async Task InitializeAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "vig-failover-" + Guid.NewGuid().ToString("N")[..8]);
        _primaryDirectory = root + "-primary";
        _primary = await LocalPostgresCluster.StartAsync(_primaryDirectory, throwaway: false);
        await _primary.CreateDatabaseIfMissingAsync(Database);
        await using (var migrated = new VigApiFactory(_primary.ConnectionString(Database)))
        {
            migrated.StartServer(); // applies the migrations, as a real start-up does
        }

        var password = new NpgsqlConnectionStringBuilder(_primary.ConnectionString(Database)).Password!;
        await RunAsPostgresAsync(
            "pg_basebackup",
            ["-h", "127.0.0.1", "-p", _primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
             "-D", root + "-standby", "-R", "-X", "stream", "-c", "fast"],
            password);
        _standby = await LocalPostgresCluster.StartAsync(root + "-standby", throwaway: true);
    }

    /// <summary>An API host on this connection string, without start-up migrations (a standby cannot take them).</summary>
    public static VigApiFactory Api(string connectionString)
    {
        var api = new VigApiFactory(connectionString, builder => builder.UseSetting("Database:MigrateOnStartup", "false"));
        api.StartServer();
        return api;
    }

    /// <summary>The given connection string with its host replaced by these loopback ports.</summary>
    public static string Hosts(string connectionString, params int[] ports) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = string.Join(',', ports.Select(p => $"127.0.0.1:{p}")), Port = 5432 }.ConnectionString;

    /// <summary>pg_ctl stop -m immediate: the server's processes end at once, as in a crash.</summary>
    public async Task KillPrimaryAsync() =>
        await RunAsPostgresAsync("pg_ctl", ["stop", "-D", Primary.DataDirectory, "-m", "immediate", "-w"], string.Empty);

    public async Task PromoteStandbyAsync() =>
        await RunAsPostgresAsync("pg_ctl", ["promote", "-D", Standby.DataDirectory, "-w"], string.Empty);

    public async Task DisposeAsync()
    {
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }

        if (_primary is not null)
        {
            await _primary.DisposeAsync();
            Directory.Delete(_primaryDirectory!, recursive: true);
        }
    }

    private static async Task RunAsPostgresAsync(string program, IReadOnlyList<string> arguments, string password)
    {
        var path = Path.Combine(PostgresBinaries.Find(), program);
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", "env", $"PGPASSWORD={password}", path])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.Environment["PGPASSWORD"] = password;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {output}");
    }
}
