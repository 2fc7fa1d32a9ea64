using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// Idempotency-Key on POST requests (IETF httpapi draft -07): the first request with a key runs and
/// its answer is kept; a retry with the same key and body gets that answer again (marked
/// Idempotent-Replayed); the same key with another body is 422; while the first still runs, 409.
/// Keys are scoped to the calling client. Answers that did nothing are not kept, so the client can
/// correct and retry: 400, 401, 403, 405, 408, 413, 415, 428, 429 and 503 (as in ADR 0006).
/// </summary>
internal sealed class IdempotencyKeys(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly HashSet<int> NotKept = [400, 401, 403, 405, 408, 413, 415, 428, 429, 503];

    public async Task InvokeAsync(HttpContext http, IIdempotencyStore store, ICurrentClient client, IProblemDetailsService problems)
    {
        var key = http.Request.Headers[Header].ToString();
        // Keys belong to a client: without one, authorization answers 401 further in.
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        if (key.Length > IdempotencyOptions.MaxKeyLength)
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status400BadRequest, "idempotency.key-too-long", $"Use an Idempotency-Key of at most {IdempotencyOptions.MaxKeyLength} characters, e.g. a UUID.");
            return;
        }

        var fingerprint = await FingerprintAsync(http.Request);
        var claim = await store.ClaimAsync(client.ClientId, key, fingerprint, http.RequestAborted);
        switch (claim.Result)
        {
            case IdempotencyClaimResult.Mismatch:
                await WriteProblemAsync(http, problems, StatusCodes.Status422UnprocessableEntity, "idempotency.key-reused", "This Idempotency-Key was used for a different request. Use a new key for a new request.");
                return;
            case IdempotencyClaimResult.InFlight:
                await WriteProblemAsync(http, problems, StatusCodes.Status409Conflict, "idempotency.in-flight", "A request with this Idempotency-Key is still being processed. Retry later with the same key to get its answer.");
                return;
            case IdempotencyClaimResult.Completed:
                await ReplayAsync(http, claim.Response!);
                return;
        }

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(http);
            var response = new StoredResponse(
                http.Response.StatusCode,
                http.Response.ContentType,
                http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                buffer.ToArray());
            if (!NotKept.Contains(response.StatusCode))
            {
                await store.CompleteAsync(client.ClientId, key, response, CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            if (!kept)
            {
                await store.ReleaseAsync(client.ClientId, key, CancellationToken.None);
            }

            http.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {request.Headers.IfMatch}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static async Task ReplayAsync(HttpContext http, StoredResponse stored)
    {
        http.Response.StatusCode = stored.StatusCode;
        http.Response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            http.Response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            http.Response.Headers.ETag = stored.ETag;
        }

        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.Body.WriteAsync(stored.Body, http.RequestAborted);
    }

    private static async Task WriteProblemAsync(HttpContext http, IProblemDetailsService problems, int status, string code, string title)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
