namespace Vig.Api.Security;

/// <summary>
/// How client tokens are checked: OAuth2 client-credentials JWTs from the council's identity
/// provider, validated against its signing keys: fetched from the provider (<see cref="Authority"/>)
/// or given here (<see cref="Jwks"/>, <see cref="JwksFile"/>) for offline use.
/// </summary>
public sealed class VigAuthenticationOptions
{
    /// <summary>The configuration section these come from.</summary>
    public const string Section = "Authentication";

    /// <summary>
    /// The identity provider's issuer URL: its OpenID discovery document
    /// (<c>{Authority}/.well-known/openid-configuration</c>) names the issuer and the keys' <c>jwks_uri</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Whether the discovery document and keys must come over https; false only for loopback and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// How often the keys are fetched again (or the JWKS file re-read): a key the provider removed is
    /// refused within this long. A token naming an unknown key also fetches them, at most every 10 seconds.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The identity provider's issuer, as in the tokens' iss claim; with an authority, its discovery document's by default.</summary>
    public string? Issuer { get; set; }

    /// <summary>This service's audience, as in the tokens' aud claim.</summary>
    public string Audience { get; set; } = "vig-referral-service";

    /// <summary>The identity provider's signing keys as a JWKS document, inline.</summary>
    public string? Jwks { get; set; }

    /// <summary>Or the path of a JWKS file, re-read every <see cref="KeyRefreshInterval"/>.</summary>
    public string? JwksFile { get; set; }

    /// <summary>Development only: the key file of the local token command (created on first use).</summary>
    public string? DevelopmentKeyFile { get; set; }

    /// <summary>
    /// The claim naming the calling client, required in every token; several names separated by
    /// spaces or commas are tried in order (Entra ID: <c>azp appid</c>).
    /// </summary>
    public string ClientIdClaim { get; set; } = "client_id";

    /// <summary>
    /// The longest a token may be valid, from its issue time (or from now without one): a leaked
    /// token is useful for at most this long. Client-credentials tokens usually live an hour.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The claims holding the granted scopes, separated by spaces or commas; each is a space-separated
    /// string or a JSON array of strings (Entra ID's app roles: <c>roles</c>).
    /// </summary>
    public string ScopeClaim { get; set; } = "scope";

    /// <summary>The client-id claim names, in the order they are tried.</summary>
    public IReadOnlyList<string> ClientIdClaims => Names(ClientIdClaim);

    /// <summary>The scope claim names.</summary>
    public IReadOnlyList<string> ScopeClaims => Names(ScopeClaim);

    private static string[] Names(string? setting) =>
        (setting ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
