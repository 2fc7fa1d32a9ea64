using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
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

    /// <summary>
    /// A token signed with the test key carrying exactly <paramref name="claims"/> besides issuer,
    /// audience and times: for the checks on the claims themselves. Without <paramref name="issuedAt"/>
    /// the token has no iat (nor nbf); its exp is <paramref name="lifetime"/> after issue, or after now.
    /// </summary>
    public static string WithClaims(IDictionary<string, object> claims, TimeSpan lifetime, DateTimeOffset? issuedAt)
    {
        var now = DateTimeOffset.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = issuedAt?.UtcDateTime,
            Expires = ((issuedAt ?? now) + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Claims of a well-formed token for <paramref name="clientId"/>; tests then remove or spoil one.</summary>
    public static Dictionary<string, object> Claims(string clientId, params string[] scopes) => new(StringComparer.Ordinal)
    {
        ["client_id"] = clientId,
        ["sub"] = clientId,
        ["scope"] = string.Join(' ', scopes.Length > 0 ? scopes : DefaultScopes),
    };

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient As(this HttpClient client, string clientId, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(clientId, scopes));
        return client;
    }
}
