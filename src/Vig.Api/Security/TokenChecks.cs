using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vig.Domain.Common;

namespace Vig.Api.Security;

/// <summary>
/// What a good signature does not prove: that the token names its client in a form the service can
/// record and tell apart, and that it is short-lived. Checked once, when the token is validated; a
/// token that fails is not authenticated, and every 401 says why with a stable code (never echoing
/// the token's contents).
/// </summary>
internal static class TokenChecks
{
    /// <summary>
    /// Client ids and subjects: 1 to 200 characters, each printable ASCII other than space (U+0021 to
    /// U+007E). They are stored, logged and compared, so nothing invisible, ambiguous or oversized.
    /// </summary>
    public const int IdentityMaxLength = Stamp.ActorMaxLength;

    public const string SubjectClaim = "sub";

    public static bool IsValidIdentity(string value) =>
        value.Length is >= 1 and <= IdentityMaxLength && value.All(c => c is >= '!' and <= '~');

    public static JwtBearerEvents Events(VigAuthenticationOptions settings, IdentityProviderKeys keys) => new()
    {
        // Before the signature is checked: a key id not known yet fetches the keys (rate-limited),
        // so the first token after a rotation is accepted, not refused until the next interval.
        OnMessageReceived = async context =>
        {
            if (keys.Refreshes && BearerToken(context.Request) is { } token && Header(token) is { } header)
            {
                using (header)
                {
                    var kid = header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("kid", out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString()
                        : null;
                    await keys.EnsureKnownAsync(kid, context.HttpContext.RequestAborted);
                }
            }
        },
        OnTokenValidated = context =>
        {
            // The real clock, the one the token's own expiry is checked against (IdentityModel reads
            // the system's time): the service's calendar clock may be a test's, set years away.
            var now = TimeProvider.System.GetUtcNow();
            if (Refusal(context.Principal!, context.SecurityToken, settings, now, context.Options.TokenValidationParameters.ClockSkew, out var caller) is { } refusal)
            {
                context.Fail(new TokenRefusedException(refusal));
            }
            else
            {
                context.Principal = caller!.ToPrincipal(context.Principal!.Identity?.AuthenticationType ?? JwtBearerDefaults.AuthenticationScheme);
            }

            return Task.CompletedTask;
        },
        OnChallenge = WriteChallengeAsync,
    };

    /// <summary>Why a validly signed token is still refused, or null and the caller it names.</summary>
    public static TokenRefusal? Refusal(ClaimsPrincipal principal, SecurityToken token, VigAuthenticationOptions settings, DateTimeOffset now, TimeSpan clockSkew, out Caller? caller)
    {
        caller = null;
        var jwt = token as JsonWebToken;

        // RFC 7515 4.1.11: an extension marked critical must be understood, and this service understands none.
        if (jwt is null || Header(jwt.EncodedHeader) is not { } header)
        {
            return new("token.invalid", "The access token's header cannot be read.");
        }

        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object || header.RootElement.TryGetProperty("crit", out _))
            {
                return new("token.crit-unsupported", "The access token marks header parameters as critical ('crit'), which this service does not support (RFC 7515). Ask the identity provider for a token without them.");
            }
        }

        var names = settings.ClientIdClaims;
        var clientIdName = names.FirstOrDefault(n => principal.HasClaim(c => c.Type == n));
        var quoted = string.Join(" or ", names.Select(n => $"'{n}'"));
        if (clientIdName is null)
        {
            return new("token.client-id-missing", $"The access token has no {quoted} claim naming the calling client. Ask the identity provider for a client-credentials token.");
        }

        var clientIds = principal.FindAll(clientIdName).ToList();
        if (clientIds.Count > 1 || !IsValidString(clientIds[0]))
        {
            return new("token.client-id-invalid", $"The access token's '{clientIdName}' claim must be one string of 1 to {IdentityMaxLength} printable ASCII characters without spaces.");
        }

        var subjects = principal.FindAll(SubjectClaim).ToList();
        if (subjects.Count > 1 || (subjects.Count == 1 && !IsValidString(subjects[0])))
        {
            return new("token.subject-invalid", $"The access token's 'sub' claim, when present, must be one string of 1 to {IdentityMaxLength} printable ASCII characters without spaces.");
        }

        // Measured from issue time, or from now when there is none or it lies ahead, so a
        // long-lived token cannot pass by claiming a future issue time.
        var issuedAt = jwt.IssuedAt != DateTime.MinValue ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero) : now;
        var from = issuedAt < now ? issuedAt : now;
        if (new DateTimeOffset(token.ValidTo, TimeSpan.Zero) - from > settings.MaxTokenLifetime + clockSkew)
        {
            return new("token.lifetime-too-long", $"The access token is valid for longer than this service accepts ({Duration(settings.MaxTokenLifetime)} from issue). Ask the identity provider for a shorter-lived token.");
        }

        caller = new Caller(clientIds[0].Value, subjects.Count == 1 ? subjects[0].Value : null, Scopes(jwt, settings.ScopeClaims));
        return null;
    }

    /// <summary>
    /// The scopes granted, from the claims named: a string holds space-separated scopes (RFC 9068's
    /// scope), a JSON array one scope per string (Entra ID's roles, Okta's scp); anything else grants none.
    /// </summary>
    private static string[] Scopes(JsonWebToken jwt, IReadOnlyList<string> names)
    {
        using var payload = Decode(jwt.EncodedPayload);
        if (payload is null || payload.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var scopes = new List<string>();
        foreach (var name in names)
        {
            if (!payload.RootElement.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
            }
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    /// <summary>The JOSE header of a compact token, or null when it is not base64url JSON (validation then refuses it).</summary>
    private static JsonDocument? Header(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return Decode(dot > 0 ? token[..dot] : token);
    }

    private static JsonDocument? Decode(string segment)
    {
        try
        {
            return JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(segment));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsValidString(Claim claim) => claim.ValueType == ClaimValueTypes.String && IsValidIdentity(claim.Value);

    private static string Duration(TimeSpan lifetime) =>
        lifetime.TotalHours is var hours && hours == Math.Floor(hours) ? $"{hours:0} hours" : $"{lifetime.TotalMinutes:0} minutes";

    /// <summary>Every 401 as problem+json with a code, and the same reason in WWW-Authenticate (RFC 6750).</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var refusal = Describe(context.AuthenticateFailure);
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? JwtBearerDefaults.AuthenticationScheme
            : $"{JwtBearerDefaults.AuthenticationScheme} error=\"invalid_token\", error_description=\"{refusal.Title}\"";

        var problem = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = refusal.Title };
        problem.Extensions["code"] = refusal.Code;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static TokenRefusal Describe(Exception? failure) => (failure is AggregateException { InnerExceptions.Count: > 0 } many ? many.InnerExceptions[0] : failure) switch
    {
        null => new("token.missing", "This API needs an access token from the council's identity provider: send it as 'Authorization: Bearer <token>'."),
        TokenRefusedException refused => refused.Refusal,
        SecurityTokenExpiredException => new("token.expired", "The access token has expired. Get a new one from the identity provider."),
        SecurityTokenNotYetValidException => new("token.not-yet-valid", "The access token is not valid yet. Check the clocks, or get a new token."),
        _ => new("token.invalid", "The access token is not valid for this service (signature, issuer, audience or format). Get a new one from the council's identity provider."),
    };
}

/// <summary>
/// The caller as the rest of the service sees it, whatever claim names the identity provider uses:
/// the principal holds only these claims, under fixed types, once the token is validated.
/// </summary>
internal sealed record Caller(string ClientId, string? Subject, IReadOnlyList<string> Scopes)
{
    public const string ClientIdType = "client_id";
    public const string SubjectType = TokenChecks.SubjectClaim;
    public const string ScopeType = "scope";

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim> { new(ClientIdType, ClientId) };
        if (Subject is not null)
        {
            claims.Add(new Claim(SubjectType, Subject));
        }

        claims.AddRange(Scopes.Select(s => new Claim(ScopeType, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClientIdType, roleType: null));
    }
}

/// <summary>A stable code and a title saying what to do; both are safe to show (no token contents).</summary>
internal sealed record TokenRefusal(string Code, string Title);

/// <summary>Carries a <see cref="TokenRefusal"/> from validation to the challenge.</summary>
internal sealed class TokenRefusedException(TokenRefusal refusal) : Exception(refusal.Title)
{
    public TokenRefusal Refusal { get; } = refusal;
}
