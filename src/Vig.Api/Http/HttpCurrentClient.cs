using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// The calling client, from the authenticated principal's client id. Until authentication is
/// configured every caller is the one client "anonymous".
/// </summary>
internal sealed class HttpCurrentClient(IHttpContextAccessor accessor) : ICurrentClient
{
    public const string ClientIdClaim = "client_id";
    public const string Anonymous = "anonymous";

    public string ClientId => accessor.HttpContext?.User.FindFirst(ClientIdClaim)?.Value ?? Anonymous;
}
