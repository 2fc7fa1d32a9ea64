using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Vig.Api.Contracts;
using Vig.Api.Http;
using Vig.Api.Security;
using Vig.Application.Common;

namespace Vig.Api.OpenApi;

/// <summary>
/// Documents the API's HTTP conventions on every operation from what the endpoint is (its method,
/// body, query, route, policy and markers), so no endpoint repeats them: the headers (correlation id,
/// Idempotency-Key, If-Match, If-None-Match, ETag, Location, Idempotent-Replayed, Retry-After, RateLimit-*) and
/// every error status it can answer, each as problem details, with the request examples.
/// </summary>
internal sealed class HttpConventionsFilter : IOperationFilter
{
    public const string ProblemMediaType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var metadata = api.ActionDescriptor.EndpointMetadata;
        var isPost = string.Equals(api.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase);
        var hasBody = api.ParameterDescriptions.Any(p => p.Source == BindingSource.Body);
        var hasQuery = api.ParameterDescriptions.Any(p => p.Source == BindingSource.Query);
        var hasId = api.ParameterDescriptions.Any(p => p.Source == BindingSource.Path);
        var ifMatch = metadata.OfType<RequiresIfMatch>().Any();
        var readsIfNoneMatch = metadata.OfType<ReadsIfNoneMatch>().Any();
        var needsScope = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is { } policy && policy != SecuritySetup.AnyClient);
        var touchesDatabase = !metadata.OfType<AnswersWithoutDatabase>().Any();

        var document = context.Document;
        if (metadata.OfType<AnswersCsv>().FirstOrDefault() is { } csv
            && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse okResponse)
        {
            okResponse.Content ??= new Dictionary<string, OpenApiMediaType>();
            okResponse.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csv.Description },
            };
        }

        operation.Parameters ??= [];
        foreach (var path in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
        {
            path.Description ??= path.Name switch
            {
                "id" when api.RelativePath?.StartsWith("api/v1/questionnaires", StringComparison.Ordinal) == true => "The questionnaire's id (e.g. prfq), from GET /api/v1/questionnaires; longer ids match no route (404).",
                "id" when api.RelativePath?.StartsWith("api/v1/webhook-subscriptions", StringComparison.Ordinal) == true => "The webhook subscription's id, from GET /api/v1/webhook-subscriptions.",
                "id" => "The referral's id (not its reference).",
                "eventId" => "The event's id (its webhook-id), from the subscription's dead letters.",
                "consentId" => "The consent's id, from the referral's consents.",
                "otherId" => "The other referral's id: the referralId of one of the referral's possibleDuplicates.",
                _ => null,
            };
        }

        operation.Parameters.Add(Parameter(document, CorrelationId.Header, false,
            $"Links the requests of one conversation in the service's logs; echoed on the response. A value not matching the pattern, or longer than {CorrelationId.MaxLength} characters, is replaced by one made here.",
            CorrelationIdSchema()));
        if (isPost)
        {
            operation.Parameters.Add(Parameter(document, IdempotencyKeys.Header, false,
                "Makes retries safe: a retry with the same key and body gets the first answer again, marked Idempotent-Replayed (keys are kept 24 hours by default). Same key, other body: 422; first request still running: 409. A UUID is ideal.",
                new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyOptions.MaxKeyLength, Pattern = IdempotencyKeys.KeyPattern }));
        }

        if (ifMatch)
        {
            operation.Parameters.Add(Parameter(document, "If-Match", true, "The ETag of the referral as you last read it, e.g. W/\"3\". Missing: 428. Stale: 412.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Versions.ETagMaxLength, Pattern = Versions.IfMatchPattern }));
        }

        if (readsIfNoneMatch)
        {
            operation.Parameters.Add(Parameter(document, "If-None-Match", false, $"The ETag you hold, e.g. W/\"3\": 304 with no body when the referral has not changed since (never for the VIG team while it has possibleDuplicates, which change without changing its version). Longer than {Versions.ETagMaxLength} characters: 400.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Versions.ETagMaxLength }));
        }

        operation.Responses ??= [];
        AddProblem(operation, context, StatusCodes.Status400BadRequest, isPost || hasBody || hasQuery || readsIfNoneMatch);
        AddProblem(operation, context, StatusCodes.Status401Unauthorized, true);
        AddProblem(operation, context, StatusCodes.Status403Forbidden, needsScope);
        AddProblem(operation, context, StatusCodes.Status404NotFound, hasId);
        AddProblem(operation, context, StatusCodes.Status409Conflict, isPost);
        AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, hasBody);
        AddProblem(operation, context, StatusCodes.Status415UnsupportedMediaType, hasBody);
        AddProblem(operation, context, StatusCodes.Status422UnprocessableEntity, isPost);
        AddProblem(operation, context, StatusCodes.Status429TooManyRequests, true);
        AddProblem(operation, context, StatusCodes.Status500InternalServerError, true);
        AddProblem(operation, context, StatusCodes.Status503ServiceUnavailable, touchesDatabase || isPost);

        foreach (var (code, response) in operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList())
        {
            if (response is not OpenApiResponse answer)
            {
                continue;
            }

            var status = int.Parse(code, CultureInfo.InvariantCulture);
            answer.Description = Describe(status, isPost, answer.Description) + (status == StatusCodes.Status400BadRequest && readsIfNoneMatch ? IfNoneMatchTooLong : string.Empty);
            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers[CorrelationId.Header] = ResponseHeader(document, CorrelationId.Header, "The request's correlation id: the one sent, or one made here.", CorrelationIdSchema());
            if (Returns<ReferralResponse>(api, status) || status == StatusCodes.Status304NotModified)
            {
                answer.Headers["ETag"] = ResponseHeader(document, "ETag", "The referral's version, W/\"n\": send it back in If-Match to change the referral.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Versions.ETagMaxLength, Pattern = Versions.ETagPattern });
            }

            if (status == StatusCodes.Status201Created)
            {
                answer.Headers["Location"] = ResponseHeader(document, "Location", "The URL of the referral.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", MaxLength = Versions.ReferralsPath.Length + WireFormats.UuidLength });
            }

            if (isPost && status < 500 && !IdempotencyKeys.NotKept.Contains(status))
            {
                answer.Headers[IdempotencyKeys.ReplayedHeader] = ResponseHeader(document, IdempotencyKeys.ReplayedHeader, "\"true\" when this is the stored answer to an earlier request with the same Idempotency-Key; absent otherwise.", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] });
            }

            if (status is >= 200 and < 300 or >= 400 and < 500)
            {
                answer.Headers[ClientRateLimit.LimitHeader] = ResponseHeader(document, ClientRateLimit.LimitHeader, "Requests this client may make in each one-minute window, whichever instance serves them.", RateLimitSchema());
                answer.Headers[ClientRateLimit.RemainingHeader] = ResponseHeader(document, ClientRateLimit.RemainingHeader, "Requests left to this client in the current window.", RateLimitSchema());
                answer.Headers[ClientRateLimit.ResetHeader] = ResponseHeader(document, ClientRateLimit.ResetHeader, "Seconds until the current window ends and the client's count starts again.", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = ((int)ClientRateLimit.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture) });
            }

            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                answer.Headers["Retry-After"] = ResponseHeader(document, "Retry-After", "Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = RetryAfterMaxSeconds.ToString(CultureInfo.InvariantCulture) });
            }
        }

        // Status codes in numeric order read better in Swagger UI.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (code, response) in ordered)
        {
            operation.Responses[code] = response;
        }

        if (metadata.OfType<AnswerExample>().FirstOrDefault() is { } answerExample
            && operation.Responses.TryGetValue("200", out var success) && success is OpenApiResponse successResponse && successResponse.Content is { } contents)
        {
            if (contents.TryGetValue("application/json", out var json))
            {
                json.Example = JsonNode.Parse(answerExample.Json);
            }

            if (answerExample.Csv is { } text && contents.TryGetValue("text/csv", out var csvMedia))
            {
                csvMedia.Example = JsonValue.Create(text);
            }
        }

        if (metadata.OfType<OpenApiExample>().FirstOrDefault() is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true
            && media is OpenApiMediaType body)
        {
            body.Example = JsonNode.Parse(example.Json);
        }
    }

    private const string IfNoneMatchTooLong = " An If-None-Match longer than any ETag has `code` request.if-none-match-too-long.";

    /// <summary>The longest Retry-After: a rate-limit window, or the wait after the database was away.</summary>
    private static readonly int RetryAfterMaxSeconds = Math.Max((int)ClientRateLimit.Window.TotalSeconds, Vig.Infrastructure.Persistence.DatabaseFailures.RetryAfterSeconds);

    private static OpenApiSchema RateLimitSchema() =>
        new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture) };

    private static OpenApiSchema CorrelationIdSchema() =>
        new() { Type = JsonSchemaType.String, Pattern = CorrelationId.SafePattern, MaxLength = CorrelationId.MaxLength };

    private static bool Returns<T>(ApiDescription api, int status) =>
        api.SupportedResponseTypes.Any(r => r.StatusCode == status && r.Type == typeof(T));

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, bool applies)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (!applies && !operation.Responses!.ContainsKey(code))
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(status == StatusCodes.Status400BadRequest ? typeof(ValidationProblem) : typeof(Problem), context.SchemaRepository);
        operation.Responses![code] = new OpenApiResponse
        {
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new OpenApiMediaType { Schema = schema } },
        };
    }

    /// <summary>What each status means here, in the service's words.</summary>
    private static string Describe(int status, bool isPost, string? current)
    {
        var idempotency = isPost ? Idempotency(status) : string.Empty;
        return status switch
        {
            200 => "OK.",
            201 => "Created.",
            304 => "Not modified: the ETag sent in If-None-Match is current. No body.",
            400 => "The request could not be read, or a field or query parameter is invalid: `errors` names each by its JSON path or parameter name and says what to change." + idempotency,
            401 => "No valid access token. `code` says why: token.missing, token.invalid, token.expired, token.not-yet-valid, token.lifetime-too-long, token.client-id-missing, token.client-id-invalid, token.subject-invalid or token.crit-unsupported.",
            403 => "The access token lacks the scope this operation needs (docs/security.md).",
            404 => "No such referral, or one this client may not see: the two look the same, by design.",
            409 => "The referral's status does not allow this now (`code` says which rule)." + idempotency,
            412 => "If-Match names a version that is no longer current (`code` referral.version-stale): read the referral again and decide again.",
            413 => "The body is larger than the service accepts.",
            415 => "The body is not JSON in UTF-8 (`code` request.unsupported-charset for another charset).",
            422 => "Refused by the service's rules: `code` says which, and `ruleCodes` lists the acceptance rules not met." + idempotency,
            428 => "If-Match is missing (`code` referral.if-match-required): send the ETag of your last read.",
            429 => "Too many requests from this client (`code` request.rate-limited): retry after Retry-After seconds.",
            500 => "A fault on the service's side, logged; quote the traceId when reporting it. Retrying may help.",
            503 => "The database is unavailable or busy (`code` database.unavailable); nothing was changed" + (isPost ? " unless the title says the connection was lost during the commit" : "") + ". Retry after Retry-After seconds, with backoff" + (isPost ? ", and with the same Idempotency-Key." : "."),
            _ => current ?? string.Empty,
        };
    }

    private static string Idempotency(int status) => status switch
    {
        400 => " An Idempotency-Key too long or not printable ASCII has `code` idempotency.key-too-long or idempotency.key-invalid.",
        409 => " Or a request with this Idempotency-Key is still running (`code` idempotency.in-flight): retry later with the same key.",
        422 => " Or this Idempotency-Key was used for a different request (`code` idempotency.key-reused).",
        _ => string.Empty,
    };

    /// <summary>A header parameter, defined once under components and referenced by each operation.</summary>
    private static OpenApiParameterReference Parameter(OpenApiDocument document, string name, bool required, string description, OpenApiSchema schema)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        document.Components.Parameters.TryAdd(name, new OpenApiParameter { Name = name, In = ParameterLocation.Header, Required = required, Description = description, Schema = schema });
        return new OpenApiParameterReference(name, document);
    }

    /// <summary>A response header, defined once under components and referenced by each response.</summary>
    private static OpenApiHeaderReference ResponseHeader(OpenApiDocument document, string name, string description, OpenApiSchema? schema = null)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String } });
        return new OpenApiHeaderReference(name, document);
    }
}
