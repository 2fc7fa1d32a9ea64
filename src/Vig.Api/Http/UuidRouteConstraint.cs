using Vig.Api.OpenApi;

namespace Vig.Api.Http;

/// <summary>
/// {id:uuid}: a Guid written as the API writes ids, 8-4-4-4-12 hex digits. The built-in guid
/// constraint also takes braces, parentheses and 32 bare digits; taking one form only makes the
/// document's maxLength of 36 true of every id the API accepts.
/// </summary>
internal sealed class UuidRouteConstraint : IRouteConstraint
{
    public const string Name = "uuid";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && (value is Guid || (value?.ToString() is { Length: WireFormats.UuidLength } text && Guid.TryParseExact(text, "D", out _)));
    }
}
