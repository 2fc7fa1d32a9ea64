using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Vig.Application.Common;

namespace Vig.Api.Security;

/// <summary>Who may call, what each may do, and how much: authentication, policies and rate limits.</summary>
internal static class SecuritySetup
{
    /// <summary>Any authenticated client: reference data.</summary>
    public const string AnyClient = "client";

    /// <summary>Each client's fixed rate-limit window; a 429's Retry-After is never longer.</summary>
    public static readonly TimeSpan RateLimitWindow = TimeSpan.FromMinutes(1);

    public static void AddVigSecurity(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(VigAuthenticationOptions.Section).Get<VigAuthenticationOptions>() ?? new();
        if (settings.MaxTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Authentication__MaxTokenLifetime must be a positive duration, e.g. 1.00:00:00 for 24 hours.");
        }

        var (issuer, keys) = SigningKeys(settings, builder.Environment);
        builder.Services.AddSingleton(settings);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = false; // no metadata is fetched: the keys come from configuration
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKeys = keys,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = settings.ClientIdClaim,
            };
            jwt.Events = TokenChecks.Events(settings);
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AnyClient, p => p.RequireAuthenticatedUser())
            .AddPolicy(Scopes.Submit, p => p.RequireAssertion(c => HasAnyScope(c.User, settings, Scopes.Submit)))
            .AddPolicy(Scopes.Read, p => p.RequireAssertion(c => HasAnyScope(c.User, settings, Scopes.Read, Scopes.Decide)))
            .AddPolicy(Scopes.Decide, p => p.RequireAssertion(c => HasAnyScope(c.User, settings, Scopes.Decide)))
            .AddPolicy(Scopes.Reports, p => p.RequireAssertion(c => HasAnyScope(c.User, settings, Scopes.Reports, Scopes.Decide)));

        var permits = builder.Configuration.GetValue("RateLimiting:PermitsPerMinute", 300);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                Telemetry.TelemetrySetup.IsHousekeeping(http.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("housekeeping")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        http.User.FindFirst(settings.ClientIdClaim)?.Value ?? "address:" + http.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = RateLimitWindow, QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                // The window resets within one window, so Retry-After never exceeds it (the document says so).
                var window = (int)RateLimitWindow.TotalSeconds;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Clamp((int)Math.Ceiling(retryAfter.TotalSeconds), 1, window) : window;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetRequiredService<ServiceMetrics>()
                    .RateLimitRefusal(context.HttpContext.User.FindFirst(settings.ClientIdClaim)?.Value ?? "anonymous");
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = $"Too many requests from this client. Retry after {seconds} seconds.",
                };
                problem.Extensions["code"] = "request.rate-limited";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
            };
        });
    }

    public static IEnumerable<string> ScopesOf(System.Security.Claims.ClaimsPrincipal user, VigAuthenticationOptions settings) =>
        user.FindAll(settings.ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static bool HasAnyScope(System.Security.Claims.ClaimsPrincipal user, VigAuthenticationOptions settings, params string[] wanted) =>
        user.Identity?.IsAuthenticated == true && ScopesOf(user, settings).Any(wanted.Contains);

    private static (string Issuer, IReadOnlyList<SecurityKey> Keys) SigningKeys(VigAuthenticationOptions settings, IWebHostEnvironment environment)
    {
        // appsettings.json ships both settings empty, so an empty Jwks means "not set": the file is read then.
        var jwks = !string.IsNullOrWhiteSpace(settings.Jwks) ? settings.Jwks
            : settings.JwksFile is { Length: > 0 } file ? File.ReadAllText(Path.GetFullPath(file, environment.ContentRootPath)) : null;
        if (!string.IsNullOrWhiteSpace(jwks))
        {
            var issuer = string.IsNullOrWhiteSpace(settings.Issuer)
                ? throw new InvalidOperationException("Set Authentication__Issuer to the identity provider's issuer.")
                : settings.Issuer;
            return (issuer, [.. new JsonWebKeySet(jwks).GetSigningKeys()]);
        }

        if (environment.IsDevelopment() && settings.DevelopmentKeyFile is { Length: > 0 } keyFile)
        {
            return (DevelopmentTokens.Issuer, [DevelopmentTokens.LoadOrCreateKey(Path.GetFullPath(keyFile, environment.ContentRootPath))]);
        }

        throw new InvalidOperationException(
            "Set the identity provider's signing keys (Authentication__Jwks or Authentication__JwksFile) and its issuer (Authentication__Issuer).");
    }
}
