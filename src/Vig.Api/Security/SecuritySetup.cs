using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Vig.Application.Common;

namespace Vig.Api.Security;

/// <summary>Who may call and what each may do: authentication and policies. How much: <see cref="ClientRateLimit"/>.</summary>
internal static class SecuritySetup
{
    /// <summary>Any authenticated client: reference data.</summary>
    public const string AnyClient = "client";

    public static void AddVigSecurity(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(VigAuthenticationOptions.Section).Get<VigAuthenticationOptions>() ?? new();
        if (settings.MaxTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Authentication__MaxTokenLifetime must be a positive duration, e.g. 1.00:00:00 for 24 hours.");
        }

        if (settings.ClientIdClaims.Count == 0 || settings.ScopeClaims.Count == 0)
        {
            throw new InvalidOperationException("Authentication__ClientIdClaim and Authentication__ScopeClaim must each name at least one claim, e.g. client_id and scope.");
        }

        var source = KeySource.From(settings, builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(source);
        builder.Services.AddSingleton<IdentityProviderKeys>();
        builder.Services.AddHostedService<KeyRefresher>();
        builder.Services.AddHttpClient(IdentityProviderKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IdentityProviderKeys>((jwt, keys) =>
        {
            // The keys come from IdentityProviderKeys only: no configuration manager of the
            // framework's own (its settings under Authentication:Schemes are refused at start).
            jwt.Authority = null;
            jwt.MetadataAddress = string.Empty;
            jwt.RefreshOnIssuerKeyNotFound = false;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = settings.Audience,
                IssuerValidator = (issuer, _, _) => keys.Current.Issuer is { } valid && string.Equals(issuer, valid, StringComparison.Ordinal)
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the identity provider's."),
                IssuerSigningKeyResolver = (_, _, kid, _) => keys.Current.For(kid),
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = Caller.ClientIdType,
            };
            jwt.Events = TokenChecks.Events(settings, keys);
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AnyClient, p => p.RequireAuthenticatedUser())
            .AddPolicy(Scopes.Submit, p => p.RequireAssertion(c => HasAnyScope(c.User, Scopes.Submit)))
            .AddPolicy(Scopes.Read, p => p.RequireAssertion(c => HasAnyScope(c.User, Scopes.Read, Scopes.Decide)))
            .AddPolicy(Scopes.Decide, p => p.RequireAssertion(c => HasAnyScope(c.User, Scopes.Decide)))
            .AddPolicy(SubmitOrDecide, p => p.RequireAssertion(c => HasAnyScope(c.User, Scopes.Submit, Scopes.Decide)))
            .AddPolicy(Scopes.Reports, p => p.RequireAssertion(c => HasAnyScope(c.User, Scopes.Reports, Scopes.Decide)));
    }

    /// <summary>Forms kept with a referral: before VIG by the referrer (referrals.submit), after VIG by the team (referrals.decide); the use case checks which.</summary>
    public const string SubmitOrDecide = "referrals.submit-or-decide";

    /// <summary>The caller's scopes, as <see cref="TokenChecks"/> read them from the token.</summary>
    public static IEnumerable<string> ScopesOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindAll(Caller.ScopeType).Select(c => c.Value);

    public static bool HasAnyScope(System.Security.Claims.ClaimsPrincipal user, params string[] wanted) =>
        user.Identity?.IsAuthenticated == true && ScopesOf(user).Any(wanted.Contains);
}
