using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vig.Infrastructure.LocalPostgres;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// A PostgreSQL cluster the crash test owns and kills: made from the installed server programs
/// (never the shared VIG_TEST_POSTGRES server), with durable settings — a "throwaway" cluster
/// acknowledges commits before their WAL leaves shared memory, so kill -9 would lose them and
/// the test would measure the test's settings instead of the service.
/// </summary>
public sealed class CrashableCluster : IAsyncDisposable
{
    private const string Database = "vig_crash";
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(30);

    private readonly LocalPostgresCluster _cluster;

    private CrashableCluster(LocalPostgresCluster cluster) => _cluster = cluster;

    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(_cluster.ConnectionString(Database)) { IncludeErrorDetail = true }.ConnectionString;

    public static async Task<CrashableCluster> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vig-crash-" + Guid.NewGuid().ToString("N")[..8]);
        LocalPostgresCluster cluster;
        try
        {
            cluster = await LocalPostgresCluster.StartAsync(folder, throwaway: false);
        }
        catch (PostgresNotInstalledException ex)
        {
            throw new InvalidOperationException(
                "The crash test kills and restarts a PostgreSQL cluster of its own, so it needs the server programs installed here " +
                $"(a server named by VIG_TEST_POSTGRES or a container will not do): {ex.Message}",
                ex);
        }

        await cluster.CreateDatabaseIfMissingAsync(Database);
        return new CrashableCluster(cluster);
    }

    /// <summary>
    /// kill -9 of the postmaster, then waits (bounded) until it and every backend are gone: a new
    /// postmaster must not start while old backends still hold the shared memory.
    /// </summary>
    public async Task KillPostmasterAsync()
    {
        var pidFile = Path.Combine(_cluster.DataDirectory, "postmaster.pid");
        var lines = await File.ReadAllLinesAsync(pidFile);

        // postmaster.pid: line 1 is the postmaster's pid, line 7 its shared memory key and id.
        var pid = int.Parse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var sharedMemoryId = lines.Length > 6 ? lines[6].Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) : null;
        if (!IsAlive(pid) || File.ReadAllText($"/proc/{pid}/comm").Trim() != "postgres")
        {
            throw new InvalidOperationException($"postmaster.pid names {pid}, which is not a running postgres process.");
        }

        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill(); // SIGKILL on Unix
        }

        var waited = Stopwatch.StartNew();
        while (IsAlive(pid) || IsAttached(sharedMemoryId))
        {
            if (waited.Elapsed > ExitLimit)
            {
                throw new TimeoutException($"PostgreSQL's processes had not all exited {ExitLimit.TotalSeconds} s after kill -9 of the postmaster.");
            }

            await Task.Delay(20);
        }

        // The dead postmaster's lock file stays behind; pg_ctl would take a not-yet-reaped
        // postmaster for a running server, so remove it now that nothing uses the folder.
        File.Delete(pidFile);
    }

    /// <summary>Starts the cluster again on the port it had, so the API's connection string stays valid.</summary>
    public Task RestartAsync() => LocalPostgresCluster.StartAsync(_cluster.DataDirectory, throwaway: false, port: _cluster.Port);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Directory.Exists(_cluster.DataDirectory))
        {
            Directory.Delete(_cluster.DataDirectory, recursive: true);
        }
    }

    /// <summary>Running, as opposed to gone or a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ..."; Z is a zombie, X dead.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Whether any process still has the cluster's System V shared memory segment attached.</summary>
    private static bool IsAttached(string? sharedMemoryId)
    {
        if (sharedMemoryId is null || !File.Exists("/proc/sysvipc/shm"))
        {
            return false;
        }

        // Columns: key shmid perms size cpid lpid nattch ...
        foreach (var line in File.ReadLines("/proc/sysvipc/shm").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 6 && columns[1] == sharedMemoryId)
            {
                return columns[6] != "0";
            }
        }

        return false;
    }
}
