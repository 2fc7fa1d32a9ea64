using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Vig.Api.Contracts;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// Optimistic concurrency over HTTP: a referral's ETag is its version, W/"n". Every change must
/// send it back in If-Match (428 without, 412 when stale); GET answers 304 to a current If-None-Match.
/// </summary>
internal static class Versions
{
    /// <summary>The longest ETag, W/"2147483647": W/, the quotes and an int's ten digits.</summary>
    public const int ETagMaxLength = 14;

    /// <summary>What If-Match takes: a referral's ETag, weak or strong.</summary>
    public const string IfMatchPattern = "^(W/)?\"[0-9]+\"$";

    /// <summary>The ETag as sent.</summary>
    public const string ETagPattern = "^W/\"[0-9]+\"$";

    /// <summary>Where a created referral is: this and its id.</summary>
    public const string ReferralsPath = "/api/v1/referrals/";

    public static string ETag(int version) => string.Create(CultureInfo.InvariantCulture, $"W/\"{version}\"");

    /// <summary>The version named by If-Match.</summary>
    /// <exception cref="IfMatchRequiredException">No If-Match was sent.</exception>
    /// <exception cref="StaleVersionException">If-Match names no version this server gave.</exception>
    public static int RequiredIfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            throw new IfMatchRequiredException();
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new StaleVersionException("If-Match does not name the referral's current version. Send the ETag of your last read.");
    }

    public static Ok<ReferralResponse> Ok(HttpContext http, ReferralResponse referral)
    {
        Tag(http, referral);
        return TypedResults.Ok(referral);
    }

    public static Created<ReferralResponse> Created(HttpContext http, ReferralResponse referral)
    {
        Tag(http, referral);
        return TypedResults.Created(ReferralsPath + referral.Id.ToString("D"), referral);
    }

    public static Results<Ok<ReferralResponse>, NotModified> OkOrNotModified(HttpContext http, ReferralResponse referral)
    {
        Tag(http, referral);
        var current = ETag(referral.Version);
        var wanted = http.Request.Headers.IfNoneMatch.ToString();
        if (wanted.Length > ETagMaxLength)
        {
            // Longer than any ETag this service gives, so refused rather than quietly ignored: the document's limit is the one enforced.
            throw new IfNoneMatchTooLongException();
        }

        // Possible duplicates change without changing the referral's version (ADR 0030), so a referral
        // that has any is always answered in full to the VIG team, the only caller who sees them.
        return wanted.Split(',').Any(t => t.Trim() == current || t.Trim() == "*") && referral.PossibleDuplicates is not { Count: > 0 }
            ? new NotModified()
            : TypedResults.Ok(referral);
    }

    private static void Tag(HttpContext http, ReferralResponse referral)
    {
        http.Response.Headers.ETag = ETag(referral.Version);
        http.Response.Headers.CacheControl = "private, no-cache";
    }
}

/// <summary>304: the client's copy is current. Typed, so the document lists it.</summary>
internal sealed class NotModified : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status304NotModified;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}

/// <summary>If-None-Match is longer than any ETag the service gives (HTTP 400).</summary>
internal sealed class IfNoneMatchTooLongException : Exception
{
    public IfNoneMatchTooLongException()
        : base($"Send in If-None-Match the one ETag you hold, e.g. W/\"3\" (at most {Versions.ETagMaxLength} characters).")
    {
    }

    public IfNoneMatchTooLongException(string message)
        : base(message)
    {
    }

    public IfNoneMatchTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A change was sent without If-Match (HTTP 428).</summary>
internal sealed class IfMatchRequiredException : Exception
{
    public IfMatchRequiredException()
        : base("Send If-Match with the ETag of the referral as you last read it, so that a change made meanwhile is not overwritten.")
    {
    }

    public IfMatchRequiredException(string message)
        : base(message)
    {
    }

    public IfMatchRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
