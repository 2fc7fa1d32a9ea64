using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Security;

/// <summary>
/// OWASP API2: a validly signed token must also name its client usably and be short-lived
/// (docs/security.md). Each refusal is a 401 problem with its own code.
/// </summary>
public sealed class TokenClaimsTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly string[] TwoClients = ["case-system-a", "case-system-b"];

    private static readonly string Printable200 = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('!' + (i % 94))));

    public static TheoryData<string, string, string> RefusedTokens()
    {
        var now = DateTimeOffset.UtcNow;
        return new TheoryData<string, string, string>
        {
            { "no client_id", Token(c => c.Remove("client_id")), "token.client-id-missing" },
            { "an empty client_id", Token(c => c["client_id"] = ""), "token.client-id-invalid" },
            { "a client_id of 201 characters", Token(c => c["client_id"] = new string('a', 201)), "token.client-id-invalid" },
            { "a client_id holding NUL", Token(c => c["client_id"] = "case\0system"), "token.client-id-invalid" },
            { "a client_id holding a space", Token(c => c["client_id"] = "case system"), "token.client-id-invalid" },
            { "a client_id holding a tab", Token(c => c["client_id"] = "case\tsystem"), "token.client-id-invalid" },
            { "a client_id holding DEL", Token(c => c["client_id"] = "case\u007fsystem"), "token.client-id-invalid" },
            { "a client_id outside ASCII", Token(c => c["client_id"] = "café-system"), "token.client-id-invalid" },
            { "two client_ids", Token(c => c["client_id"] = TwoClients), "token.client-id-invalid" },
            { "a numeric client_id", Token(c => c["client_id"] = 42), "token.client-id-invalid" },
            { "a sub of 201 characters", Token(c => c["sub"] = new string('s', 201)), "token.subject-invalid" },
            { "a sub holding NUL", Token(c => c["sub"] = "worker\0one"), "token.subject-invalid" },
            { "a sub holding a space", Token(c => c["sub"] = "worker one"), "token.subject-invalid" },
            { "an empty sub", Token(c => c["sub"] = ""), "token.subject-invalid" },
            { "a lifetime of 100 years", TestTokens.WithClaims(TestTokens.Claims(TestTokens.DefaultClient), TimeSpan.FromDays(36525), now), "token.lifetime-too-long" },
            { "a lifetime of 25 hours", TestTokens.WithClaims(TestTokens.Claims(TestTokens.DefaultClient), TimeSpan.FromHours(25), now), "token.lifetime-too-long" },
            { "no iat and exp in 100 years", TestTokens.WithClaims(TestTokens.Claims(TestTokens.DefaultClient), TimeSpan.FromDays(36525), issuedAt: null), "token.lifetime-too-long" },
            { "an iat 10 years ahead and an hour's lifetime", TestTokens.WithClaims(TestTokens.Claims(TestTokens.DefaultClient), Hour, now.AddYears(10)), "token.lifetime-too-long" },
        };
    }

    [Theory]
    [MemberData(nameof(RefusedTokens), DisableDiscoveryEnumeration = true)] // the tokens differ at each discovery: one stable test case
    public async Task API2_Identity_ATokenWithUnusableClaims_Returns401WithItsCode(string why, string token, string code)
    {
        using var client = Fixture.Factory.CreateClient().WithToken(token);

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.True(code == problem.GetProperty("code").GetString(), $"A token with {why}: expected {code}, got {problem}");
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var answer = problem.GetRawText() + response.Headers.WwwAuthenticate;
        foreach (var echoed in new[] { "café", "case system", "worker one", "\\u0000", new string('a', 201), new string('s', 201) })
        {
            Assert.DoesNotContain(echoed, answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task API2_Identity_TwoTokensWithoutClientIds_ReadNothing()
    {
        var referral = await Api.CreateAsync();
        using var first = Fixture.Factory.CreateClient().WithToken(Token(c => { c.Remove("client_id"); c["sub"] = "first-system"; }));
        using var second = Fixture.Factory.CreateClient().WithToken(Token(c => { c.Remove("client_id"); c["sub"] = "second-system"; }));

        foreach (var client in new[] { first, second })
        {
            using var created = await client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(ReferralApi.EligibleBody()));
            using var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
            using var one = await client.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative));

            foreach (var response in new[] { created, list, one })
            {
                var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
                Assert.Equal("token.client-id-missing", problem.GetProperty("code").GetString());
            }
        }

        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task API2_Identity_ATokenValidFor24Hours_IsAccepted()
    {
        using var client = Fixture.Factory.CreateClient().WithToken(
            TestTokens.For(TestTokens.DefaultClient, TestTokens.DefaultScopes, DateTimeOffset.UtcNow, TimeSpan.FromHours(24)));

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task API2_Identity_ATokenWithoutIatOrSub_ExpiringWithinTheLimit_IsAccepted()
    {
        var claims = TestTokens.Claims(TestTokens.DefaultClient);
        claims.Remove("sub");
        using var client = Fixture.Factory.CreateClient().WithToken(TestTokens.WithClaims(claims, Hour, issuedAt: null));

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task API2_Identity_AClientIdOf200PrintableCharacters_IsAcceptedAndRecorded()
    {
        using var client = Fixture.Factory.CreateClient().WithToken(Token(c => c["client_id"] = c["sub"] = Printable200));
        var own = new ReferralApi(Fixture, client);

        var referral = await own.GetAsync((await own.CreateAsync()).Id);

        using var team = Fixture.CreateClient("vig-team", Scopes.Decide);
        var trail = await team.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{referral.Id}/audit", UriKind.Relative));
        Assert.Equal(Printable200, trail[0].GetProperty("clientId").GetString());
        Assert.Equal(JsonValueKind.Null, trail[0].GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task API2_Identity_TheClientIdClaimAndMaximumLifetime_AreConfigurable()
    {
        await using var configured = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:ClientIdClaim", "azp")
            .UseSetting("Authentication:MaxTokenLifetime", "01:00:00"));
        var azp = Token(c => { c.Remove("client_id"); c["azp"] = "case-system-azp"; });
        using var named = configured.CreateClient().WithToken(azp);
        using var unnamed = configured.CreateClient().WithToken(Token(_ => { }));
        using var tooLong = configured.CreateClient().WithToken(TestTokens.WithClaims(
            new Dictionary<string, object>(StringComparer.Ordinal) { ["azp"] = "case-system-azp", ["scope"] = Scopes.Read }, TimeSpan.FromHours(2), DateTimeOffset.UtcNow));

        using var ok = await named.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        using var missing = await unnamed.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        using var expired = await tooLong.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Equal("token.client-id-missing", problem.GetProperty("code").GetString());
        Assert.Contains("'azp'", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("token.lifetime-too-long", (await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Unauthorized)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task API2_Identity_TheSigningKeys_CanComeFromAJwksFile_WhenJwksIsLeftEmptyAsShipped()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vig-jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, TestTokens.PublicJwks);
        try
        {
            await using var configured = Fixture.Factory.WithWebHostBuilder(b => b
                .UseSetting("Authentication:Jwks", string.Empty)
                .UseSetting("Authentication:JwksFile", file));
            using var client = configured.CreateClient().WithToken(Token(_ => { }));

            using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task API2_Identity_AnAnonymousPostWithAnIdempotencyKey_Returns401_NotAnError()
    {
        using var anonymous = Fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await anonymous.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("token.missing", problem.GetProperty("code").GetString());
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    public static TheoryData<string, string[]> CriticalHeaders() => new()
    {
        { "an extension of its own", ["urn:example:unknown"] },
        { "unencoded payloads (RFC 7797)", ["b64"] },
    };

    [Theory]
    [MemberData(nameof(CriticalHeaders))]
    public async Task API2_ATokenMarkingHeadersCritical_Returns401(string why, string[] critical)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal) { ["crit"] = critical };
        foreach (var name in critical)
        {
            header[name] = true;
        }

        using var client = Fixture.Factory.CreateClient().WithToken(SignedWithHeader(header));

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.True("token.crit-unsupported" == problem.GetProperty("code").GetString(), $"A token whose crit names {why}: {problem}");
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task API2_TheSameTokenWithoutCrit_IsAccepted()
    {
        using var client = Fixture.Factory.CreateClient().WithToken(SignedWithHeader(new Dictionary<string, object>(StringComparer.Ordinal) { ["urn:example:unknown"] = true }));

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, object, HttpStatusCode> ScopeShapes() => new()
    {
        { "a space-separated string", $"{Scopes.Submit} {Scopes.Read}", HttpStatusCode.OK },
        { "a JSON array of strings", new[] { Scopes.Submit, Scopes.Read }, HttpStatusCode.OK },
        { "an array element holding two scopes (taken whole)", new[] { $"{Scopes.Submit} {Scopes.Read}" }, HttpStatusCode.Forbidden },
        { "a number", 42, HttpStatusCode.Forbidden },
        { "an object", new Dictionary<string, object>(StringComparer.Ordinal) { [Scopes.Read] = true }, HttpStatusCode.Forbidden },
        { "an empty string", "", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(ScopeShapes))]
    public async Task API5_TheScopeClaim_IsAStringOfScopesOrAnArray_AndNothingElseGrants(string why, object scope, HttpStatusCode expected)
    {
        using var client = Fixture.Factory.CreateClient().WithToken(Token(c => c["scope"] = scope));

        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.True(expected == response.StatusCode, $"A scope claim holding {why}: expected {expected}, got {response.StatusCode}");
    }

    [Fact]
    public async Task API2_EntraIdSettings_TakeTheClientFromAzpOrAppid_AndScopesFromRoles()
    {
        await using var entra = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:ClientIdClaim", "azp appid")
            .UseSetting("Authentication:ScopeClaim", "roles"));
        var v2 = Claims(("azp", "case-system-entra"), ("roles", new[] { Scopes.Read }));
        var v1 = Claims(("appid", "case-system-entra"), ("roles", new[] { Scopes.Read }));
        var scopeOnly = Claims(("azp", "case-system-entra"), ("scope", Scopes.Read));
        var noClient = Claims(("client_id", "case-system-entra"), ("roles", new[] { Scopes.Read }));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(entra, v2));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(entra, v1));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(entra, scopeOnly));
        using var anonymous = entra.CreateClient().WithToken(noClient);
        using var missing = await anonymous.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Unauthorized);
        Assert.Equal("token.client-id-missing", problem.GetProperty("code").GetString());
        Assert.Contains("'azp' or 'appid'", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task API2_KeycloakSettings_TakeTheClientFromAzpOrClientId_AndTheSpaceSeparatedScope()
    {
        await using var keycloak = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Authentication:ClientIdClaim", "azp, clientId"));
        var withAzp = Claims(("azp", "case-system-kc"), ("clientId", "case-system-kc"), ("scope", $"profile {Scopes.Read} email"));
        var withClientId = Claims(("clientId", "case-system-kc"), ("scope", Scopes.Read));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(keycloak, withAzp));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(keycloak, withClientId));
    }

    private static async Task<HttpStatusCode> StatusAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> api, string token)
    {
        using var client = api.CreateClient().WithToken(token);
        using var response = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>A one-hour token with exactly these claims besides issuer, audience and times.</summary>
    private static string Claims(params (string Name, object Value)[] claims) =>
        TestTokens.WithClaims(claims.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal), Hour, DateTimeOffset.UtcNow);

    /// <summary>A well-formed one-hour token of the default client whose JOSE header also holds <paramref name="header"/>.</summary>
    private static string SignedWithHeader(Dictionary<string, object> header)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            IssuedAt = now,
            Expires = now.Add(Hour),
            Claims = TestTokens.Claims(TestTokens.DefaultClient),
            AdditionalHeaderClaims = header,
            SigningCredentials = new SigningCredentials(TestTokens.Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A one-hour token of the default client, with one change to its claims.</summary>
    private static string Token(Action<Dictionary<string, object>> change)
    {
        var claims = TestTokens.Claims(TestTokens.DefaultClient);
        change(claims);
        return TestTokens.WithClaims(claims, Hour, DateTimeOffset.UtcNow);
    }
}
