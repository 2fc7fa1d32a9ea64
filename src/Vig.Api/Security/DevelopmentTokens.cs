using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vig.Api.Security;

/// <summary>
/// Tokens for local use and tests, signed with a key of our own: the stand-in for the council's
/// identity provider. Never used outside Development unless configured as a JWKS like any other key.
/// </summary>
internal static class DevelopmentTokens
{
    public const string Issuer = "vig-development";
    public const string KeyId = "vig-development-key";

    /// <summary>The RSA key in <paramref name="path"/>, created there (owner-only) on first use.</summary>
    public static RsaSecurityKey LoadOrCreateKey(string path)
    {
        var rsa = RSA.Create(2048);
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new RsaSecurityKey(rsa) { KeyId = KeyId };
    }

    /// <summary>A JWKS document with the public half of <paramref name="key"/>.</summary>
    public static string PublicJwks(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{key.KeyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
    }

    public static string Mint(SecurityKey key, string issuer, string audience, string clientId, IEnumerable<string> scopes, DateTimeOffset now, TimeSpan lifetime)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("client_id", clientId), new Claim("sub", clientId), new Claim("scope", string.Join(' ', scopes))]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
