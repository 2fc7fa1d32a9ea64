using Microsoft.IdentityModel.Tokens;

namespace Vig.Api.Security;

internal enum KeySourceKind
{
    Authority,
    File,
    Inline,
    Development,
}

/// <summary>
/// Where the identity provider's keys come from, decided once at start from the settings. Every
/// setting that cannot work stops the start with one line naming it (Program prints it, exit 2).
/// </summary>
internal sealed class KeySource
{
    private KeySource(KeySourceKind kind, string? issuer, KeySet initialKeys)
    {
        Kind = kind;
        Issuer = issuer;
        InitialKeys = initialKeys;
    }

    public KeySourceKind Kind { get; }

    /// <summary>The issuer set in configuration; null with an authority means "the discovery document's".</summary>
    public string? Issuer { get; }

    public KeySet InitialKeys { get; }

    public string? File { get; private init; }

    public string? DiscoveryAddress { get; private init; }

    public bool RequireHttps { get; private init; } = true;

    public static KeySource From(VigAuthenticationOptions settings, IConfiguration configuration, IWebHostEnvironment environment)
    {
        RefuseFrameworkSchemeSettings(configuration);
        if (settings.KeyRefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException("Authentication__KeyRefreshInterval must be at least 1 second, e.g. 00:05:00 for 5 minutes.");
        }

        // appsettings.json ships these empty, so empty means "not set".
        var authority = Set(settings.Authority);
        var jwks = Set(settings.Jwks);
        var file = Set(settings.JwksFile);
        var issuer = Set(settings.Issuer);
        if (authority is not null && (jwks ?? file) is not null)
        {
            throw new InvalidOperationException(
                "Set either Authentication__Authority (keys fetched from the identity provider) or Authentication__Jwks / Authentication__JwksFile (keys given here), not both.");
        }

        if (jwks is not null && file is not null)
        {
            throw new InvalidOperationException("Set Authentication__Jwks or Authentication__JwksFile, not both.");
        }

        if (authority is not null)
        {
            return FromAuthority(authority, issuer, settings.RequireHttpsMetadata);
        }

        foreach (var (name, value) in new[] { ("Authentication__Jwks", jwks), ("Authentication__JwksFile", file) })
        {
            if (IsUrl(value))
            {
                throw new InvalidOperationException(
                    $"{name} holds a URL, but takes the keys themselves (a JWKS document{(name.EndsWith("File", StringComparison.Ordinal) ? "'s path" : "")}); to fetch keys from the identity provider, set Authentication__Authority to its issuer URL instead.");
            }
        }

        if ((jwks ?? file) is not null)
        {
            var staticIssuer = issuer ?? throw new InvalidOperationException("Set Authentication__Issuer to the identity provider's issuer (with keys given in Authentication__Jwks or Authentication__JwksFile).");
            if (jwks is not null)
            {
                return new KeySource(KeySourceKind.Inline, staticIssuer, Parse(jwks, "Authentication__Jwks", staticIssuer));
            }

            var path = Path.GetFullPath(file!, environment.ContentRootPath);
            return new KeySource(KeySourceKind.File, staticIssuer, ReadFile(path, staticIssuer)) { File = path };
        }

        if (environment.IsDevelopment() && Set(settings.DevelopmentKeyFile) is { } keyFile)
        {
            return new KeySource(KeySourceKind.Development, DevelopmentTokens.Issuer,
                new KeySet(DevelopmentTokens.Issuer, [DevelopmentTokens.LoadOrCreateKey(Path.GetFullPath(keyFile, environment.ContentRootPath))]));
        }

        throw new InvalidOperationException(
            "Set the identity provider: Authentication__Authority (its issuer URL), or its signing keys (Authentication__Jwks or Authentication__JwksFile) with its issuer (Authentication__Issuer).");
    }

    /// <summary>The JWKS file's keys; a file that cannot be used throws with one line naming it.</summary>
    public static KeySet ReadFile(string path, string issuer)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Authentication__JwksFile: {path} cannot be read ({ex.GetType().Name}).", ex);
        }

        return Parse(text, $"Authentication__JwksFile ({path})", issuer);
    }

    private static KeySource FromAuthority(string authority, string? issuer, bool requireHttps)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException("Authentication__Authority must be the identity provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && requireHttps)
        {
            throw new InvalidOperationException(
                "Authentication__Authority must use https; only for a provider on loopback or in tests, set Authentication__RequireHttpsMetadata=false.");
        }

        return new KeySource(KeySourceKind.Authority, issuer, KeySet.None)
        {
            DiscoveryAddress = authority.TrimEnd('/') + "/.well-known/openid-configuration",
            RequireHttps = requireHttps,
        };
    }

    /// <summary>
    /// ASP.NET Core binds its own JwtBearer settings from Authentication:Schemes:Bearer (MetadataAddress,
    /// Authority, ValidIssuers, ...). The service reads none of them, so one set there is refused rather
    /// than silently ignored or, worse, half applied.
    /// </summary>
    private static void RefuseFrameworkSchemeSettings(IConfiguration configuration)
    {
        var set = configuration.GetSection(VigAuthenticationOptions.Section + ":Schemes").AsEnumerable(makePathsRelative: false)
            .Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (set is not null)
        {
            throw new InvalidOperationException(
                $"{set.Replace(":", "__", StringComparison.Ordinal)} is ASP.NET Core's own JwtBearer setting, which this service does not read: set Authentication__Authority (docs/operations.md, Identity provider and keys).");
        }
    }

    private static KeySet Parse(string jwks, string setting, string issuer)
    {
        IList<SecurityKey> keys;
        try
        {
            keys = new JsonWebKeySet(jwks).GetSigningKeys();
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"{setting} is not a JWKS document (JSON with a \"keys\" array).");
        }

        return keys.Count > 0 ? new KeySet(issuer, [.. keys])
            : throw new InvalidOperationException($"{setting} holds no usable signing key (RSA or EC, \"use\": \"sig\" or none).");
    }

    private static bool IsUrl(string? value) =>
        value is not null && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
