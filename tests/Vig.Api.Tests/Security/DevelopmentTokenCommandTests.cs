using System.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Vig.Api.Tests.Security;

/// <summary>
/// The built API's `token` task as a developer runs it: `TOKEN=$(dotnet Vig.Api.dll token ...)`
/// must capture the token and nothing else, so stdout carries only that one line.
/// </summary>
public sealed class DevelopmentTokenCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vig-token-").FullName;

    [Fact]
    public async Task Token_PrintsOnlyTheToken_OnStdout()
    {
        var (exitCode, stdout, stderr) = await RunAsync("Development", "token", "case-system-a", "referrals.submit", "referrals.read");

        Assert.True(exitCode == 0, $"exit {exitCode}; stderr: {stderr}");
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\r?\n$", stdout);
        var token = new JsonWebToken(stdout.Trim());
        Assert.Equal("case-system-a", token.GetClaim("client_id").Value);
        Assert.Equal("referrals.submit referrals.read", token.GetClaim("scope").Value);
    }

    [Fact]
    public async Task Token_OutsideDevelopment_PrintsNothingOnStdout_AndSaysWhyOnStderr()
    {
        var (exitCode, stdout, stderr) = await RunAsync("Production", "token", "case-system-a", "referrals.submit");

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("identity provider", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the API assembly the tests were built with, from its own folder as a deployment would.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string environment, params string[] args)
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(api);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["Authentication__DevelopmentKeyFile"] = Path.Combine(_folder, "dev-signing-key.pem");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // A guard against a hung process, not a measure of speed.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
