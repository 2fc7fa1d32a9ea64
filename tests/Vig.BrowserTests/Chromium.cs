using Microsoft.Playwright;

namespace Vig.BrowserTests;

/// <summary>
/// The browser the tests drive: the machine's own Chromium (Debian's package), never one that
/// Playwright downloads. On a fresh Debian machine where the tests run as root, it is installed
/// with apt-get, as .ci/run does, so `dotnet test` works there; elsewhere, without it, the tests
/// fail and say how to install it.
/// </summary>
internal static class Chromium
{
    public const string Variable = "VIG_CHROMIUM";

    public const string DefaultPath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var named = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
        var path = named ?? DefaultPath;
        if (!File.Exists(path) && named is null)
        {
            await InstallAsync();
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {path} and there is none. Install it (Debian/Ubuntu, as root: apt-get install -y chromium; .ci/run does this) or set {Variable} to a Chromium or Chrome executable.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // Chromium refuses to start its sandbox as root, which CI containers are; the page it
            // opens is the API on loopback. /dev/shm is small in containers.
            Args = Environment.UserName == "root" ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
        });
    }

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>apt-get install chromium, once, when we are root on a machine with apt-get; otherwise nothing.</summary>
    private static async Task InstallAsync()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            return;
        }

        await Installing.WaitAsync();
        try
        {
            if (File.Exists(DefaultPath))
            {
                return;
            }

            Console.Error.WriteLine("Browser tests: installing Debian's chromium with apt-get (once per machine).");
            var install = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = System.Diagnostics.Process.Start(install)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"Browser tests: apt-get failed ({process.ExitCode}): {await errors}{await output}");
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    /// <summary>Where screenshots go: TestResults at the repository root, which CI keeps and .ci/run clears.</summary>
    public static string ArtifactPath(string fileName)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Vig.sln")))
        {
            folder = folder.Parent;
        }

        var results = Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, fileName);
    }
}
