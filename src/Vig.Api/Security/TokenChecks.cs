using System.Security.Claims;
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

    public static JwtBearerEvents Events(VigAuthenticationOptions settings) => new()
    {
        OnTokenValidated = context =>
        {
            // The real clock, the one the token's own expiry is checked against (IdentityModel reads
            // the system's time): the service's calendar clock may be a test's, set years away.
            var now = TimeProvider.System.GetUtcNow();
            if (Refusal(context.Principal!, context.SecurityToken, settings, now, context.Options.TokenValidationParameters.ClockSkew) is { } refusal)
            {
                context.Fail(new TokenRefusedException(refusal));
            }

            return Task.CompletedTask;
        },
        OnChallenge = WriteChallengeAsync,
    };

    /// <summary>Why a validly signed token is still refused, or null when it may be used.</summary>
    public static TokenRefusal? Refusal(ClaimsPrincipal principal, SecurityToken token, VigAuthenticationOptions settings, DateTimeOffset now, TimeSpan clockSkew)
    {
        var clientIds = principal.FindAll(settings.ClientIdClaim).ToList();
        if (clientIds.Count == 0)
        {
            return new("token.client-id-missing", $"The access token has no '{settings.ClientIdClaim}' claim naming the calling client. Ask the identity provider for a client-credentials token.");
        }

        if (clientIds.Count > 1 || !IsValidString(clientIds[0]))
        {
            return new("token.client-id-invalid", $"The access token's '{settings.ClientIdClaim}' claim must be one string of 1 to {IdentityMaxLength} printable ASCII characters without spaces.");
        }

        var subjects = principal.FindAll(SubjectClaim).ToList();
        if (subjects.Count > 1 || (subjects.Count == 1 && !IsValidString(subjects[0])))
        {
            return new("token.subject-invalid", $"The access token's 'sub' claim, when present, must be one string of 1 to {IdentityMaxLength} printable ASCII characters without spaces.");
        }

        // Measured from issue time, or from now when there is none or it lies ahead, so a
        // long-lived token cannot pass by claiming a future issue time.
        var issuedAt = token is JsonWebToken jwt && jwt.IssuedAt != DateTime.MinValue ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero) : now;
        var from = issuedAt < now ? issuedAt : now;
        if (new DateTimeOffset(token.ValidTo, TimeSpan.Zero) - from > settings.MaxTokenLifetime + clockSkew)
        {
            return new("token.lifetime-too-long", $"The access token is valid for longer than this service accepts ({Duration(settings.MaxTokenLifetime)} from issue). Ask the identity provider for a shorter-lived token.");
        }

        return null;
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

/// <summary>A stable code and a title saying what to do; both are safe to show (no token contents).</summary>
internal sealed record TokenRefusal(string Code, string Title);

/// <summary>Carries a <see cref="TokenRefusal"/> from validation to the challenge.</summary>
internal sealed class TokenRefusedException(TokenRefusal refusal) : Exception(refusal.Title)
{
    public TokenRefusal Refusal { get; } = refusal;
}
