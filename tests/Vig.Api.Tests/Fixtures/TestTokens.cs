using System.Net.Http.Headers;
using Microsoft.IdentityModel.Tokens;
using Vig.Api.Security;
using Vig.Application.Common;

namespace Vig.Api.Tests.Fixtures;

/// <summary>The test run's identity provider: one signing key, tokens for any client and scopes.</summary>
public static class TestTokens
{
    public const string Issuer = "https://idp.test.invalid";
    public const string Audience = "vig-referral-service";

    /// <summary>The client most tests act as: a case-management system that also decides, so journeys need one client.</summary>
    public const string DefaultClient = "case-system-a";

    public static readonly string[] DefaultScopes = [Scopes.Submit, Scopes.Read, Scopes.Decide];

    internal static readonly RsaSecurityKey Key = new(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "test-key" };

    public static string PublicJwks => DevelopmentTokens.PublicJwks(Key);

    public static string For(string clientId, params string[] scopes) => For(clientId, scopes, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));

    public static string For(string clientId, IEnumerable<string> scopes, DateTimeOffset now, TimeSpan lifetime, SecurityKey? key = null, string issuer = Issuer, string audience = Audience) =>
        DevelopmentTokens.Mint(key ?? Key, issuer, audience, clientId, scopes, now, lifetime);

    public static HttpClient As(this HttpClient client, string clientId, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(clientId, scopes));
        return client;
    }
}
