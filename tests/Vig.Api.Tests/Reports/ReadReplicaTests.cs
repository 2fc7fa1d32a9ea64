using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Vig.Infrastructure.LocalPostgres;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// Reports read from a real streaming standby when ConnectionStrings:VigReports names one: with
/// replay paused on the standby, a referral created on the primary is missing from the reports
/// (they read the standby, stale by design) and present once replay resumes; the audit record of
/// each report is written to the primary all the same.
/// </summary>
[Collection(ApiTestGroup.Name)] // runs alone, not beside the other HTTP tests on this 2-core machine
public sealed class ReadReplicaTests(ApiFixture shared, ReplicaFixture replica) : IClassFixture<ReplicaFixture>
{
    [Fact]
    public async Task Reports_ReadTheStandby_StaleWhileReplayIsPaused_CurrentOnceItResumes()
    {
        using var team = replica.Api.CreateClient().As("vig-team", Scopes.Submit, Scopes.Read, Scopes.Decide);
        using var reporting = replica.Api.CreateClient().As("reporting-tool", Scopes.Reports);
        var api = new ReferralApi(shared, team);
        await api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await replica.WaitForReplayAsync();
        var before = await TotalAsync(reporting);

        await replica.PauseReplayAsync();
        try
        {
            await api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
            Assert.Equal(before, await TotalAsync(reporting));
            Assert.Equal(before, await CsvRowsAsync(reporting));
        }
        finally
        {
            await replica.ResumeReplayAsync();
        }

        await replica.WaitForReplayAsync();
        Assert.Equal(before + 1, await TotalAsync(reporting));
        Assert.Equal(before + 1, await CsvRowsAsync(reporting));
        Assert.True(await replica.StandbyIsInRecoveryAsync());
        Assert.True(await replica.PrimaryCountAsync("SELECT count(*) FROM audit_events WHERE action = 'report.summary' AND client_id = 'reporting-tool'") >= 3);
    }

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/summary", UriKind.Relative))).GetProperty("total").GetInt32();

    private static async Task<int> CsvRowsAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/referrals");
        request.Headers.Add("Accept", "text/csv");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
    }
}

/// <summary>
/// A primary and a streaming standby made from it with pg_basebackup -R, both from the installed
/// server programs (as the postgres OS user when the tests run as root, as LocalPostgresCluster
/// does), and the API with ConnectionStrings:Vig on the primary and ConnectionStrings:VigReports
/// on the standby.
/// </summary>
public sealed class ReplicaFixture : IAsyncLifetime
{
    private const string Database = "vig";
    private LocalPostgresCluster? _primary;
    private LocalPostgresCluster? _standby;
    private string? _primaryDirectory;

    public VigApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "vig-replica-" + Guid.NewGuid().ToString("N")[..8]);
        // Not a throwaway cluster: those commit before their WAL is written (synchronous_commit off),
        // so the standby could not be told when it has caught up with a commit the API answered.
        _primaryDirectory = root + "-primary";
        _primary = await LocalPostgresCluster.StartAsync(_primaryDirectory, throwaway: false);
        await _primary.CreateDatabaseIfMissingAsync(Database);

        var standbyDirectory = root + "-standby";
        var password = new NpgsqlConnectionStringBuilder(_primary.ConnectionString(Database)).Password!;
        await RunAsPostgresAsync(
            Path.Combine(PostgresBinaries.Find(), "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", _primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
             "-D", standbyDirectory, "-R", "-X", "stream", "-c", "fast"],
            password);
        _standby = await LocalPostgresCluster.StartAsync(standbyDirectory, throwaway: true);

        Api = new VigApiFactory(_primary.ConnectionString(Database), builder => builder.UseSetting("ConnectionStrings:VigReports", _standby.ConnectionString(Database)));
        Api.StartServer();
    }

    /// <summary>Pauses replay on the standby and waits (at most 30 s) until it says it has paused.</summary>
    public async Task PauseReplayAsync()
    {
        await OnStandbyAsync("SELECT pg_wal_replay_pause()");
        var waited = Stopwatch.StartNew();
        while ((string)(await OnStandbyAsync("SELECT pg_get_wal_replay_pause_state()"))! != "paused")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The standby did not pause its replay within 30 s.");
            await Task.Delay(20);
        }
    }

    public async Task ResumeReplayAsync() => await OnStandbyAsync("SELECT pg_wal_replay_resume()");

    public async Task<bool> StandbyIsInRecoveryAsync() => (bool)(await OnStandbyAsync("SELECT pg_is_in_recovery()"))!;

    public async Task<long> PrimaryCountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_primary!.ConnectionString(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (at most 30 s) until the standby has replayed everything the primary had inserted into its WAL when called.</summary>
    public async Task WaitForReplayAsync()
    {
        string target;
        await using (var connection = new NpgsqlConnection(_primary!.ConnectionString(Database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", connection);
            target = (string)(await command.ExecuteScalarAsync())!;
        }

        var waited = Stopwatch.StartNew();
        while (!(bool)(await OnStandbyAsync($"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"))!)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"The standby did not replay up to {target} within 30 s.");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
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

    private async Task<object?> OnStandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_standby!.ConnectionString(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task RunAsPostgresAsync(string program, IReadOnlyList<string> arguments, string password)
    {
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", "env", $"PGPASSWORD={password}", program])
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
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} failed ({process.ExitCode}): {output}");
    }
}
