using Vig.Api.Security;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// The calling client, from the validated token: its client id and scopes. Authentication has
/// already refused tokens without a usable client id (TokenChecks), so within a request there is
/// always one. Only outside a request (the command-line tasks) is the caller the service itself,
/// "system", with no scopes.
/// </summary>
internal sealed class HttpCurrentClient(IHttpContextAccessor accessor) : ICurrentClient
{
    public const string System = "system";
    private static readonly string ProcessCorrelation = "process-" + Guid.NewGuid().ToString("N");

    public string ClientId => accessor.HttpContext is { } http
        ? http.User.FindFirst(Caller.ClientIdType)?.Value
            ?? throw new InvalidOperationException("This request has no authenticated client: the code asking for one must run after authorization.")
        : System;

    public string? Subject => accessor.HttpContext?.User.FindFirst(Caller.SubjectType)?.Value is { } subject && subject != ClientId ? subject : null;

    public string CorrelationId => accessor.HttpContext is { } http ? Http.CorrelationId.Of(http) : ProcessCorrelation;

    public bool HasScope(string scope) =>
        accessor.HttpContext?.User is { } user && SecuritySetup.ScopesOf(user).Contains(scope);
}
