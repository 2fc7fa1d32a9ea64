using System.Diagnostics;

namespace Vig.Api.Tests.Security;

/// <summary>
/// Identity provider settings that cannot work stop the start: the built API, run as a deployment
/// runs it, exits 2 with one line on stderr naming the setting, never a stack trace.
/// </summary>
public sealed class IdentityProviderSettingsTests
{
    private const string Jwks = """{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"k","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VDdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}]}""";

    public static TheoryData<string, string[], string> BadSettings() => new()
    {
        { "an http authority without the opt-out", ["Authentication__Authority=http://127.0.0.1:9/idp"], "must use https" },
        { "an authority that is no URL", ["Authentication__Authority=login.example"], "Authentication__Authority must be the identity provider's issuer URL" },
        { "a URL as the JWKS", ["Authentication__Issuer=https://idp.example", "Authentication__Jwks=https://idp.example/jwks"], "Authentication__Jwks holds a URL" },
        { "a URL as the JWKS file", ["Authentication__Issuer=https://idp.example", "Authentication__JwksFile=https://idp.example/jwks"], "Authentication__JwksFile holds a URL" },
        { "both an authority and a JWKS", ["Authentication__Authority=https://idp.example", $"Authentication__Jwks={Jwks}"], "not both" },
        { "both a JWKS and a file", ["Authentication__Issuer=https://idp.example", $"Authentication__Jwks={Jwks}", "Authentication__JwksFile=/etc/jwks.json"], "not both" },
        { "a negative refresh interval", ["Authentication__Authority=https://idp.example", "Authentication__KeyRefreshInterval=-00:05:00"], "Authentication__KeyRefreshInterval" },
        { "a refresh interval that is no duration", ["Authentication__Authority=https://idp.example", "Authentication__KeyRefreshInterval=often"], "KeyRefreshInterval" },
        { "a JWKS that is no JSON", ["Authentication__Issuer=https://idp.example", "Authentication__Jwks={keys: nope"], "Authentication__Jwks is not a JWKS document" },
        { "a missing JWKS file", ["Authentication__Issuer=https://idp.example", "Authentication__JwksFile=/nonexistent/vig-jwks.json"], "cannot be read" },
        { "keys without an issuer", [$"Authentication__Jwks={Jwks}"], "Authentication__Issuer" },
        { "ASP.NET Core's own metadata address", [$"Authentication__Issuer=https://idp.example", $"Authentication__Jwks={Jwks}", "Authentication__Schemes__Bearer__MetadataAddress=http://idp.example/.well-known/openid-configuration"], "Authentication__Schemes__Bearer__MetadataAddress is ASP.NET Core's own" },
        { "no claim named for the scopes", ["Authentication__Authority=https://idp.example", "Authentication__ScopeClaim= , "], "Authentication__ScopeClaim" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadIdentityProviderSettings_StopTheStart_WithOneLine(string why, string[] settings, string expected)
    {
        var (exitCode, stderr) = await StartAsync(settings);

        Assert.True(exitCode == 2, $"With {why}: exit {exitCode}; stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"With {why}, stderr should be one line: {stderr}");
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <summary>Starts the API assembly the tests were built with, in Production, from its own folder.</summary>
    private static async Task<(int ExitCode, string Stderr)> StartAsync(string[] settings)
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
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__Vig"] = "Host=127.0.0.1;Port=9;Database=vig;Username=vig;Password=unused";
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            start.Environment[setting[..equals]] = setting[(equals + 1)..];
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // A guard against a start that did not stop, not a measure of speed.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }
}
