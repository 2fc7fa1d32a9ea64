using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.Contracts;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Errors;

/// <summary>
/// The one place where exceptions become HTTP answers: validation (400), unreadable bodies (400,
/// naming the field), coded domain errors (404/409/422 by kind) and anything unexpected (500,
/// logged, with no exception text in the answer). Every answer is application/problem+json.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, DatabaseFailures databaseFailures, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private readonly IProblemDetailsService _problemDetails = problemDetails;
    private readonly DatabaseFailures _databaseFailures = databaseFailures;
    private readonly ILogger<ProblemExceptionHandler> _logger = logger;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException validation => ValidationProblem(validation.Errors.ToDictionary(e => JsonPath.FromPropertyPath(e.Key), e => e.Value, StringComparer.Ordinal)),
            BadHttpRequestException badRequest => UnreadableRequest(badRequest),
            DomainException domain => DomainProblem(domain.Error),
            StaleVersionException stale => Coded(StatusCodes.Status412PreconditionFailed, "referral.version-stale", stale.Message),
            IfNoneMatchTooLongException tooLong => Coded(StatusCodes.Status400BadRequest, "request.if-none-match-too-long", tooLong.Message),
            IfMatchRequiredException missing => Coded(StatusCodes.Status428PreconditionRequired, "referral.if-match-required", missing.Message),
            _ => null,
        };

        if (problem is null && _databaseFailures.IsUnavailable(exception))
        {
            LogDatabaseUnavailable(_logger, exception.GetType().FullName, exception);
            // Once a COMMIT has gone out, its fate is unknown: saying "nothing was changed" could be untrue.
            var committing = httpContext.RequestServices.GetService<VigDbContext>()?.HasTriedToCommit == true;
            problem = DatabaseUnavailable(httpContext, committing
                ? "The connection to the database was lost while this change was being committed, so it may or may not have been saved. Read the referral (or list your referrals) before sending it again, or send writes with an Idempotency-Key so that a retry is safe."
                : "The database is unavailable or busy. Retry after the time in Retry-After; nothing was changed by this request.");
        }

        if (problem is null)
        {
            LogUnexpected(_logger, exception.GetType().FullName, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side.",
                Detail = "The error has been logged. Quote the traceId if you report it; retrying may help.",
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await _problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    public static HttpValidationProblemDetails ValidationProblem(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "One or more fields are invalid.",
        Detail = "See 'errors': each entry names a field by its JSON path and says what to change.",
    };

    private static ProblemDetails UnreadableRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = JsonPath.FromJsonExceptionPath(json.Path);
            return ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [field] = [field == JsonPath.Body
                    ? "The request body is not valid JSON. Send a JSON object matching the documented schema."
                    : "This value has the wrong type or format, or is not one of the allowed values. Check the documented schema."],
            });
        }

        if (exception.StatusCode == StatusCodes.Status400BadRequest && QueryBindingFailure().Match(exception.Message) is { Success: true } failure)
        {
            var parameter = JsonPath.FromPropertyPath(failure.Groups["name"].Value);
            return ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [parameter] = [WhatToSend(failure.Groups["type"].Value)],
            });
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = exception.StatusCode switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                _ => "The request could not be read.",
            },
            Detail = exception.StatusCode == StatusCodes.Status400BadRequest
                ? "A required body, header or route value is missing or malformed; check the documented operation."
                : null,
        };
    }

    /// <summary>What a query parameter of this type takes, from the type's name in the framework's message.</summary>
    private static string WhatToSend(string typeName)
    {
        // "Nullable<int>", "int?" or "int", as the framework's version spells it.
        var type = typeName.TrimEnd('?');
        type = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type["Nullable<".Length..^1] : type;
        if (type.StartsWith("QueryValue<", StringComparison.Ordinal)
            && typeof(QueryValue<>).Assembly.GetType($"{typeof(QueryValue<>).Namespace}.{type["QueryValue<".Length..^1]}") is { IsEnum: true } wire)
        {
            return $"Use one of: {string.Join(", ", Enum.GetNames(wire).Select(JsonNamingPolicy.CamelCase.ConvertName))}.";
        }

        if (type.StartsWith("QueryValues<", StringComparison.Ordinal)
            && typeof(QueryValues<>).Assembly.GetType($"{typeof(QueryValues<>).Namespace}.{type["QueryValues<".Length..^1]}") is { IsEnum: true } listed)
        {
            return $"Use one or more of: {string.Join(", ", Enum.GetNames(listed).Select(JsonNamingPolicy.CamelCase.ConvertName))}, separated by commas.";
        }

        return type switch
        {
            "int" => "Give a whole number.",
            "QueryDate" => "Give a date as yyyy-MM-dd, e.g. 2027-01-31.",
            "QueryInstant" => $"Give an RFC 3339 date and time with its offset, e.g. 2026-11-24T09:00:00Z, of at most {WireFormats.DateTimeMaxLength} characters.",
            _ => "This value has the wrong type or format. Check the documented parameter.",
        };
    }

    private static ProblemDetails DomainProblem(DomainError error)
    {
        var problem = new ProblemDetails
        {
            Status = error.Kind switch
            {
                ErrorKind.NotFound => StatusCodes.Status404NotFound,
                ErrorKind.Conflict => StatusCodes.Status409Conflict,
                ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status422UnprocessableEntity,
            },
            Title = error.Message,
        };
        problem.Extensions["code"] = error.Code;
        if (error.RuleCodes is { Count: > 0 } rules)
        {
            problem.Extensions["ruleCodes"] = rules;
        }

        if (error.Fields is { Count: > 0 } fields)
        {
            problem.Extensions["errors"] = fields.ToDictionary(f => JsonPath.FromPropertyPath(f.Key), f => f.Value, StringComparer.Ordinal);
        }

        return problem;
    }

    /// <summary>503 with Retry-After: the database is away; clients retry later with backoff.</summary>
    public static ProblemDetails DatabaseUnavailable(HttpContext http, string title)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = DatabaseFailures.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Coded(StatusCodes.Status503ServiceUnavailable, "database.unavailable", title);
    }

    private static ProblemDetails Coded(int status, string code, string title)
    {
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>
    /// The framework names a query value it could not parse only in its message, e.g.
    /// 'Failed to bind parameter "int? Limit" from "ten".'; the value itself is never echoed.
    /// </summary>
    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[A-Za-z0-9_]+)\" from ")]
    private static partial Regex QueryBindingFailure();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable ({ExceptionType}); answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string? exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} while processing the request")]
    private static partial void LogUnexpected(ILogger logger, string? exceptionType, Exception exception);
}
