using System.Diagnostics;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// The repository's npm packages (oidc-provider, cloudevents), installed with npm ci when they are
/// missing or older than package-lock.json, so that plain `dotnet test` works on a fresh clone.
/// </summary>
public static class NodePackages
{
    private static readonly SemaphoreSlim Once = new(1, 1);

    public static async Task EnsureAsync()
    {
        await Once.WaitAsync();
        try
        {
            var installed = new FileInfo(RepositoryFiles.PathOf("node_modules/.package-lock.json"));
            var locked = new FileInfo(RepositoryFiles.PathOf("package-lock.json"));
            if (installed.Exists && installed.LastWriteTimeUtc >= locked.LastWriteTimeUtc)
            {
                return;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                start.ArgumentList.Add(argument);
            }

            Process npm;
            try
            {
                npm = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Assert.Fail($"These tests need Node.js 20 or later and npm on the PATH (Debian: apt-get install nodejs npm): {ex.Message}");
                return;
            }

            using (npm)
            {
                var output = npm.StandardOutput.ReadToEndAsync();
                var errors = npm.StandardError.ReadToEndAsync();
                await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
                Assert.True(npm.ExitCode == 0, $"npm ci failed (exit {npm.ExitCode}):\n{await output}{await errors}");
            }
        }
        finally
        {
            Once.Release();
        }
    }
}
