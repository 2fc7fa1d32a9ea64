using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.Errors;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// Idempotency-Key on POST requests (IETF httpapi draft -07), for authenticated and authorised
/// requests only. The request runs in one database transaction that also stores its answer, so a
/// retry with the same key and body after any failure either replays the committed answer
/// (marked Idempotent-Replayed) or runs a request that never committed. The same key with another
/// body is 422; while a request with the key runs, 409. Keys are scoped to the calling client.
/// Answers that changed nothing are not kept, so the client can correct and retry with the same
/// key: 400, 401, 403, 405, 408, 413, 415, 428, 429, and every 5xx (docs/decisions/0008).
/// </summary>
internal sealed partial class IdempotencyKeys(RequestDelegate next, ILogger<IdempotencyKeys> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>A key is printable ASCII (the document shows this pattern).</summary>
    public const string KeyPattern = "^[ -~]+$";

    /// <summary>Answers not kept under the key: replaying them would hide a correction.</summary>
    public static readonly IReadOnlySet<int> NotKept = new HashSet<int> { 400, 401, 403, 405, 408, 413, 415, 428, 429 };

    public async Task InvokeAsync(HttpContext http, IIdempotencyStore store, ICurrentClient client, IProblemDetailsService problems)
    {
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || http.GetEndpoint() is null)
        {
            await next(http);
            return;
        }

        if (key.Length > IdempotencyOptions.MaxKeyLength)
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status400BadRequest, "idempotency.key-too-long", $"Use an Idempotency-Key of at most {IdempotencyOptions.MaxKeyLength} characters, e.g. a UUID.");
            return;
        }

        if (!key.All(c => c is >= ' ' and <= '~'))
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status400BadRequest, "idempotency.key-invalid", "Use an Idempotency-Key of printable ASCII characters only, e.g. a UUID.");
            return;
        }

        var fingerprint = await FingerprintAsync(http.Request);
        await using var request = await store.BeginAsync(client.ClientId, key, fingerprint, http.RequestAborted);
        switch (request.Result)
        {
            case IdempotencyClaimResult.Mismatch:
                await WriteProblemAsync(http, problems, StatusCodes.Status422UnprocessableEntity, "idempotency.key-reused", "This Idempotency-Key was used for a different request. Use a new key for a new request.");
                return;
            case IdempotencyClaimResult.InFlight:
                await WriteProblemAsync(http, problems, StatusCodes.Status409Conflict, "idempotency.in-flight", "A request with this Idempotency-Key is still being processed. Retry later with the same key to get its answer.");
                return;
            case IdempotencyClaimResult.Completed:
                await ReplayAsync(http, request.StoredResponse!);
                return;
        }

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var response = new StoredResponse(
            http.Response.StatusCode,
            http.Response.ContentType,
            http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
            buffer.ToArray());
        if (response.StatusCode < 500 && !NotKept.Contains(response.StatusCode))
        {
            try
            {
                await request.CommitAsync(response, CancellationToken.None);
            }
#pragma warning disable CA1031 // Whatever failed, whether the commit happened is unknown; the client's retry with the key finds out.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogOutcomeUnknown(logger, ex.GetType().FullName, ex);
                http.Response.Clear();
                var problem = ProblemExceptionHandler.DatabaseUnavailable(http, "The outcome of this request is unknown. Retry it with the same Idempotency-Key: you get its answer if it was done, or it is done now.");
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
                return;
            }
        }

        await http.Response.Body.WriteAsync(response.Body, CancellationToken.None);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing an idempotent request failed ({ExceptionType}); its outcome is unknown to the client")]
    private static partial void LogOutcomeUnknown(ILogger logger, string? exceptionType, Exception exception);
}
