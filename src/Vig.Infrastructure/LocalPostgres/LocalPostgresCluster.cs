using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Vig.Infrastructure.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster of our own, made from the installed server programs: for the run command
/// (kept in a folder between runs) and for the integration tests (throwaway). It listens on
/// 127.0.0.1 only, on a free port, with a generated password. PostgreSQL refuses to run as
/// root, so when we are root every server program runs as the 'postgres' OS user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string OsUser = "postgres";
    private const string PasswordFile = "vig-local.password";
    private static readonly string[] RunuserCandidates = ["/usr/sbin/runuser", "/sbin/runuser"];

    private readonly string _binaries;
    private readonly bool _throwaway;
    private readonly string _password;
    private bool _stopped;

    private LocalPostgresCluster(string dataDirectory, string binaries, int port, string password, bool throwaway)
    {
        DataDirectory = dataDirectory;
        _binaries = binaries;
        Port = port;
        _password = password;
        _throwaway = throwaway;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>
    /// Starts the cluster in <paramref name="dataDirectory"/>, creating it on first use and
    /// reusing it if it is already running. A throwaway cluster trades durability for speed and
    /// is deleted when disposed.
    /// </summary>
    public static Task<LocalPostgresCluster> StartAsync(string dataDirectory, bool throwaway, CancellationToken cancellationToken = default) =>
        StartAsync(dataDirectory, throwaway, port: null, cancellationToken);

    /// <summary>
    /// As above, listening on <paramref name="port"/> when it is given (and the cluster is not
    /// already running): a restart after a crash keeps the address its clients were given.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(string dataDirectory, bool throwaway, int? port, CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.Find();
        dataDirectory = Path.GetFullPath(dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(binaries, dataDirectory, cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, PasswordFile), cancellationToken)).Trim();
        if (await RunningPortAsync(binaries, dataDirectory, cancellationToken) is { } runningPort)
        {
            return new LocalPostgresCluster(dataDirectory, binaries, runningPort, password, throwaway);
        }

        var listenPort = port ?? FreeLoopbackPort();
        var settings = new List<string>
        {
            $"port={listenPort}",
            "listen_addresses=127.0.0.1",
            "unix_socket_directories=''",
            "max_connections=200",
        };
        if (throwaway)
        {
            settings.AddRange(["fsync=off", "synchronous_commit=off", "full_page_writes=off"]);
        }

        var serverOptions = string.Join(' ', settings.Select(s => "-c " + s));
        await RunAsync(binaries, "pg_ctl", ["start", "-D", dataDirectory, "-w", "-t", "60", "-l", Path.Combine(dataDirectory, "server.log"), "-o", serverOptions], cancellationToken);
        return new LocalPostgresCluster(dataDirectory, binaries, listenPort, password, throwaway);
    }

    /// <summary>
    /// False when we are root and some existing folder on the way to <paramref name="dataDirectory"/>
    /// is closed to other users, so the 'postgres' OS user could not reach the cluster there.
    /// </summary>
    public static bool IsReachableByServer(string dataDirectory)
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var folder = Directory.GetParent(Path.GetFullPath(dataDirectory)); folder is not null; folder = folder.Parent)
        {
            if (folder.Exists && !folder.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
#pragma warning disable CA2100 // An identifier cannot be a parameter; it is quoted above.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
#pragma warning restore CA2100
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        if (await RunningPortAsync(_binaries, DataDirectory, CancellationToken.None) is not null)
        {
            await RunAsync(_binaries, "pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_throwaway && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static async Task InitialiseAsync(string binaries, string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new InvalidOperationException($"'{dataDirectory}' is not empty and holds no PostgreSQL cluster; empty or remove it.");
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            await RestrictToOsUserAsync(dataDirectory, cancellationToken);
            await RestrictToOsUserAsync(passwordFile, cancellationToken);
            await RunAsync(binaries, "initdb", ["-D", dataDirectory, "-U", Superuser, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        var kept = Path.Combine(dataDirectory, PasswordFile);
        await File.WriteAllTextAsync(kept, password, cancellationToken);
        await RestrictToOsUserAsync(kept, cancellationToken);
    }

    /// <summary>Owner-only access, and the owner is the OS user the server runs as.</summary>
    private static async Task RestrictToOsUserAsync(string path, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, Directory.Exists(path) ? mode | UnixFileMode.UserExecute : mode);
        if (Environment.IsPrivilegedProcess)
        {
            await RunProcessAsync("chown", [$"{OsUser}:{OsUser}", path], cancellationToken);
            if (Directory.Exists(path))
            {
                await EnsureReachableByOsUserAsync(path, cancellationToken);
            }
        }
    }

    private static async Task EnsureReachableByOsUserAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await RunProcessAsync(Runuser(), ["-u", OsUser, "--", "test", "-w", dataDirectory], cancellationToken, throwOnFailure: false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL runs as the '{OsUser}' OS user when started by root, and that user cannot reach '{dataDirectory}' " +
                "(a parent folder is private). Set LocalPostgres__DataDirectory to a folder it can reach, e.g. /var/tmp/vig-postgres.");
        }
    }

    private static async Task<int?> RunningPortAsync(string binaries, string dataDirectory, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await RunAsync(binaries, "pg_ctl", ["status", "-D", dataDirectory], cancellationToken, throwOnFailure: false);
        if (exitCode != 0)
        {
            return null;
        }

        // postmaster.pid: line 4 is the port the running server listens on.
        var lines = await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid"), cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string binaries, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var path = Path.Combine(binaries, program);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync(Runuser(), ["-u", OsUser, "--", path, .. arguments], cancellationToken, throwOnFailure)
            : RunProcessAsync(path, arguments, cancellationToken, throwOnFailure);
    }

    private static string Runuser() => RunuserCandidates.FirstOrDefault(File.Exists) ?? "runuser";

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await stdout) + (await stderr);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(fileName)} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {output.Trim()}");
        }

        return (process.ExitCode, output);
    }
}
