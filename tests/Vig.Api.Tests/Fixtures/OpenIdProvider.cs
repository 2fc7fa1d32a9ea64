using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// A real OpenID provider on loopback: npm oidc-provider run by fleet/identity-provider.mjs, issuing
/// client-credentials JWTs for the service's audience, with its keys rotated on request. Needs
/// Node.js and the repository's npm packages (npm ci).
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new();

    private OpenIdProvider(Process process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    public static async Task<OpenIdProvider> StartAsync(params string[] clients)
    {
        await NodePackages.EnsureAsync();
        Assert.True(File.Exists(RepositoryFiles.PathOf("node_modules/oidc-provider/package.json")),
            "The identity provider tests need the npm packages: run npm ci at the repository root (Node.js 20 or later).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryFiles.PathOf("fleet/identity-provider.mjs"));
        start.ArgumentList.Add("0");
        start.Environment["CLIENTS"] = string.Join(' ', clients.Length > 0 ? clients : [TestTokens.DefaultClient]);
        start.Environment["AUDIENCE"] = TestTokens.Audience;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { }; // its warnings (in-memory adapter, Node version) are expected
        process.BeginErrorReadLine();

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(guard.Token);
        if (line is null || !line.StartsWith("issuer ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The identity provider did not start: {line}");
        }

        return new OpenIdProvider(process, new Uri(line["issuer ".Length..]));
    }

    /// <summary>A client-credentials access token for <paramref name="client"/> (secret "&lt;client&gt;-secret").</summary>
    public async Task<string> TokenAsync(string client, params string[] scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, "token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = string.Join(' ', scopes),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{client}:{client}-secret")));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"The identity provider refused a token: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A new key signs from now on; the old one stays published.</summary>
    public Task RotateAsync() => AdminAsync("rotate");

    /// <summary>Every key but the signing one leaves the JWKS.</summary>
    public Task RetireAsync() => AdminAsync("retire");

    /// <summary>How often the JWKS has been read.</summary>
    public async Task<int> JwksReadsAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>(new Uri(Issuer, "admin/keys"))).GetProperty("jwksReads").GetInt32();

    private async Task AdminAsync(string action)
    {
        using var response = await _http.PostAsync(new Uri(Issuer, $"admin/{action}"), null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
