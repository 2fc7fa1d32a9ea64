using Microsoft.Playwright;

namespace Vig.BrowserTests;

/// <summary>
/// The browser the tests drive: the machine's own Chromium (Debian's package), never one that
/// Playwright downloads. Without it the tests fail and say how to install it.
/// </summary>
internal static class Chromium
{
    public const string Variable = "VIG_CHROMIUM";

    public const string DefaultPath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named ? named : DefaultPath;
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
