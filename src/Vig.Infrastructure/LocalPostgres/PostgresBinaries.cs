using System.Globalization;

namespace Vig.Infrastructure.LocalPostgres;

/// <summary>Where the PostgreSQL server programs (initdb, pg_ctl, postgres) are installed.</summary>
public static class PostgresBinaries
{
    /// <summary>Names a folder of server programs, for installs outside the usual places.</summary>
    public const string DirectoryVariable = "VIG_POSTGRES_BIN";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// The folder holding the server programs: $VIG_POSTGRES_BIN, else the newest Debian/Ubuntu
    /// install under /usr/lib/postgresql, else the first folder on PATH that has them all.
    /// </summary>
    /// <exception cref="PostgresNotInstalledException">No folder has all three programs.</exception>
    public static string Find() =>
        Find(Environment.GetEnvironmentVariable(DirectoryVariable), Environment.GetEnvironmentVariable("PATH"), "/usr/lib/postgresql");

    internal static string Find(string? explicitFolder, string? path, string debianRoot)
    {
        if (!string.IsNullOrWhiteSpace(explicitFolder))
        {
            return HasServerPrograms(explicitFolder)
                ? explicitFolder
                : throw new PostgresNotInstalledException($"{DirectoryVariable} is set to '{explicitFolder}', but initdb, pg_ctl and postgres are not all there.");
        }

        var candidates = DebianInstalls(debianRoot).Concat((path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(HasServerPrograms) ?? throw new PostgresNotInstalledException(
            "No PostgreSQL server programs (initdb, pg_ctl, postgres) were found. Install them " +
            "(Debian/Ubuntu: apt-get install postgresql), or point ConnectionStrings__Vig at an existing " +
            $"PostgreSQL database, or run `docker compose up`. A non-standard install can be named with {DirectoryVariable}.");
    }

    private static IEnumerable<string> DebianInstalls(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.GetDirectories(root)
            .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .OrderByDescending(x => x.version)
            .Select(x => Path.Combine(x.dir, "bin"));
    }

    private static bool HasServerPrograms(string folder) =>
        Programs.All(program => File.Exists(Path.Combine(folder, program)));
}
