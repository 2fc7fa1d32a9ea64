using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vig.Api.Security;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Security;

/// <summary>
/// The council's identity provider as a council runs it (issue 21): keys fetched through OpenID
/// discovery from a real, certified provider (npm oidc-provider on loopback) and kept current
/// across a rotation with no restart; a JWKS file re-read likewise (docs/operations.md).
/// </summary>
public sealed class IdentityProviderTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly Uri Referrals = new("/api/v1/referrals", UriKind.Relative);

    [Fact]
    public async Task KeyRotation_NoValidTokenIsRefused_AndARemovedKeyIsRefusedWithinTheInterval()
    {
        await using var provider = await OpenIdProvider.StartAsync();
        await using var configured = WithAuthority(provider, Interval);
        using var http = configured.CreateClient();

        var before = await provider.TokenAsync(TestTokens.DefaultClient, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, before)).Status);

        await provider.RotateAsync();
        var after = await provider.TokenAsync(TestTokens.DefaultClient, Scopes.Read);
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);

        // The first token of the new key is checked at once: its unknown kid fetches the keys.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, after)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, before)).Status); // the old key is still published

        await provider.RetireAsync();
        var retired = Stopwatch.StartNew();
        (HttpStatusCode Status, string? Code) answer;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            answer = await SendAsync(http, before);
        }
        while (answer.Status == HttpStatusCode.OK && retired.Elapsed < Interval + TimeSpan.FromSeconds(5));

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"A removed key's token was still accepted {retired.Elapsed.TotalSeconds:0.0} s after its removal (interval {Interval.TotalSeconds} s).");
        Assert.True(retired.Elapsed < Interval + TimeSpan.FromSeconds(2), $"A removed key's token was refused only after {retired.Elapsed.TotalSeconds:0.0} s (interval {Interval.TotalSeconds} s).");
        Assert.Equal("token.invalid", answer.Code);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, after)).Status);
    }

    [Fact]
    public async Task UnknownKeyIds_FetchTheKeysAtMostOncePerGap()
    {
        await using var provider = await OpenIdProvider.StartAsync();
        await using var configured = WithAuthority(provider, TimeSpan.FromHours(1));
        using var http = configured.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, await provider.TokenAsync(TestTokens.DefaultClient, Scopes.Read))).Status);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var forged = Enumerable.Range(0, 10).Select(i => TestTokens.For(TestTokens.DefaultClient, [Scopes.Read], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5),
            new RsaSecurityKey(rsa) { KeyId = $"forged-{i}" }, provider.Issuer.ToString().TrimEnd('/'))).ToList();
        var reads = await provider.JwksReadsAsync();
        var burst = Stopwatch.StartNew();

        foreach (var token in forged)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "token.invalid"), await SendAsync(http, token));
        }

        Assert.True(burst.Elapsed < IdentityProviderKeys.UnknownKeyRefreshGap, $"The burst took {burst.Elapsed.TotalSeconds:0.0} s, longer than the gap it tests.");
        Assert.Equal(reads + 1, await provider.JwksReadsAsync());
    }

    [Fact]
    public async Task AProviderThatStopsAnswering_LeavesTheLastKeysInUse_AndNoRequestFails()
    {
        var provider = await OpenIdProvider.StartAsync();
        await using var configured = WithAuthority(provider, TimeSpan.FromSeconds(1));
        using var http = configured.CreateClient();
        var token = await provider.TokenAsync(TestTokens.DefaultClient, Scopes.Read);
        var issuer = provider.Issuer.ToString().TrimEnd('/');
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, token)).Status);

        await provider.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // past two intervals: their fetches fail

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, token)).Status);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var unknownKey = TestTokens.For(TestTokens.DefaultClient, [Scopes.Read], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), new RsaSecurityKey(rsa) { KeyId = "unknown" }, issuer);
        Assert.Equal((HttpStatusCode.Unauthorized, "token.invalid"), await SendAsync(http, unknownKey));
    }

    [Fact]
    public async Task AJwksFile_IsReRead_ANewKeyAcceptedAtOnce_AndTheRemovedOneRefused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vig-jwks-{Guid.NewGuid():N}.json");
        var next = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "next-key" };
        await File.WriteAllTextAsync(file, TestTokens.PublicJwks);
        try
        {
            await using var configured = Fixture.Factory.WithWebHostBuilder(b => b
                .UseSetting("Authentication:Jwks", string.Empty)
                .UseSetting("Authentication:JwksFile", file)
                .UseSetting("Authentication:KeyRefreshInterval", "00:00:02"));
            using var http = configured.CreateClient();
            var old = TestTokens.For(TestTokens.DefaultClient, Scopes.Read);
            var renewed = TestTokens.For(TestTokens.DefaultClient, [Scopes.Read], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), next);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, old)).Status);

            await File.WriteAllTextAsync(file, DevelopmentTokens.PublicJwks(next));

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, renewed)).Status);
            Assert.Equal((HttpStatusCode.Unauthorized, "token.invalid"), await SendAsync(http, old));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("NDI.e30.c2ln")] // header 42
    [InlineData("W10.e30.c2ln")] // header []
    [InlineData("bm90IGpzb24.e30.c2ln")] // header "not json"
    [InlineData("!!!.e30.c2ln")]
    public async Task AMalformedHeader_WhileKeysAreRefreshed_Returns401_NotAnError(string token)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vig-jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, TestTokens.PublicJwks);
        try
        {
            await using var configured = Fixture.Factory.WithWebHostBuilder(b => b
                .UseSetting("Authentication:Jwks", string.Empty)
                .UseSetting("Authentication:JwksFile", file));
            using var http = configured.CreateClient();

            Assert.Equal((HttpStatusCode.Unauthorized, "token.invalid"), await SendAsync(http, token));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private WebApplicationFactory<Program> WithAuthority(OpenIdProvider provider, TimeSpan interval) =>
        Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:Jwks", string.Empty)
            .UseSetting("Authentication:Issuer", string.Empty)
            .UseSetting("Authentication:Authority", provider.Issuer.ToString())
            .UseSetting("Authentication:RequireHttpsMetadata", "false")
            .UseSetting("Authentication:KeyRefreshInterval", interval.ToString()));

    private static async Task<(HttpStatusCode Status, string? Code)> SendAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Referrals);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var problem = await ProblemAssert.IsProblemAsync(response, response.StatusCode);
        return (response.StatusCode, problem.GetProperty("code").GetString());
    }
}
