using System.Diagnostics;
using Vig.Api.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vig.ClientTests.TypeScript;

/// <summary>
/// Runs journey.ts (openapi-fetch typed by openapi-typescript from docs/openapi/v1.json) against
/// the API this run started: generate the types, type-check the journey with tsc, run it with tsx.
/// Needs Node.js; installs the pinned npm packages itself (npm ci) when they are missing or older
/// than package-lock.json, so a fresh clone needs nothing but `dotnet test` (docs/testing.md).
/// </summary>
public sealed class TypeScriptClientJourneyTests(ApiFixture api, ITestOutputHelper output) : ClientTestBase(api)
{
    /// <summary>Not an assertion on speed: only stops a hung child process from hanging the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task WholeJourney_ThroughOpenApiFetch_TypedByOpenApiTypeScript()
    {
        await EnsureNodePackagesAsync();
        using var http = Fixture.CreateClient();

        var (exitCode, text) = await RunAsync("npm", ["run", "--silent", "client:ts:journey"], new Dictionary<string, string>
        {
            ["VIG_BASE_URL"] = http.BaseAddress!.ToString().TrimEnd('/'),
            ["VIG_TOKEN"] = TestTokens.For(TestTokens.DefaultClient, TestTokens.DefaultScopes),
        });

        Assert.True(exitCode == 0, $"The TypeScript journey failed (exit {exitCode}):\n{text}");
        Assert.Contains("ts-journey: TypeScript journey passed", text, StringComparison.Ordinal);
    }

    private async Task EnsureNodePackagesAsync()
    {
        var (nodeExit, nodeVersion) = await RunAsync("node", ["--version"], []);
        Assert.True(nodeExit == 0, $"The TypeScript client journey needs Node.js 20 or later on PATH (Debian: apt-get install nodejs npm): {nodeVersion}");

        var installed = new FileInfo(RepositoryFiles.PathOf("node_modules/.package-lock.json"));
        var locked = new FileInfo(RepositoryFiles.PathOf("package-lock.json"));
        if (!installed.Exists || installed.LastWriteTimeUtc < locked.LastWriteTimeUtc)
        {
            var (ciExit, ciText) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], []);
            Assert.True(ciExit == 0, $"npm ci failed (exit {ciExit}):\n{ciText}");
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{program} could not be started: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(HangGuard);
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            var text = $"$ {program} {string.Join(' ', arguments)}\n{await stdout}{await stderr}";
            output.WriteLine(text);
            return (process.ExitCode, text);
        }
    }
}
