using Vig.Api.Security;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// The calling client, from the validated token: its client id and scopes. Outside a request (the
/// command-line tasks) the caller is the service itself, "system", with no scopes.
/// </summary>
internal sealed class HttpCurrentClient(IHttpContextAccessor accessor, VigAuthenticationOptions settings) : ICurrentClient
{
    public const string System = "system";
    private static readonly string ProcessCorrelation = "process-" + Guid.NewGuid().ToString("N");

    public string ClientId => accessor.HttpContext?.User.FindFirst(settings.ClientIdClaim)?.Value ?? System;

    public string? Subject => accessor.HttpContext?.User.FindFirst("sub")?.Value is { } subject && subject != ClientId ? subject : null;

    public string CorrelationId => accessor.HttpContext is { } http ? Http.CorrelationId.Of(http) : ProcessCorrelation;

    public bool HasScope(string scope) =>
        accessor.HttpContext?.User is { } user && SecuritySetup.ScopesOf(user, settings).Contains(scope);
}
