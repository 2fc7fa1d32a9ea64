namespace Vig.Api.Security;

/// <summary>
/// How client tokens are checked: OAuth2 client-credentials JWTs from the council's identity
/// provider, validated against keys given here (no network fetch).
/// </summary>
public sealed class VigAuthenticationOptions
{
    /// <summary>The configuration section these come from.</summary>
    public const string Section = "Authentication";

    /// <summary>The identity provider's issuer, as in the tokens' iss claim.</summary>
    public string? Issuer { get; set; }

    /// <summary>This service's audience, as in the tokens' aud claim.</summary>
    public string Audience { get; set; } = "vig-referral-service";

    /// <summary>The identity provider's signing keys as a JWKS document, inline.</summary>
    public string? Jwks { get; set; }

    /// <summary>Or the path of a JWKS file.</summary>
    public string? JwksFile { get; set; }

    /// <summary>Development only: the key file of the local token command (created on first use).</summary>
    public string? DevelopmentKeyFile { get; set; }

    /// <summary>The claim naming the calling client; required in every token.</summary>
    public string ClientIdClaim { get; set; } = "client_id";

    /// <summary>
    /// The longest a token may be valid, from its issue time (or from now without one): a leaked
    /// token is useful for at most this long. Client-credentials tokens usually live an hour.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The claim holding the granted scopes, space-separated.</summary>
    public string ScopeClaim { get; set; } = "scope";
}
