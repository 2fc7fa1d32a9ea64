using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;

namespace Vig.Api.Contracts;

// Documentation only: errors are written as ProblemDetails by IProblemDetailsService
// (Errors/ProblemExceptionHandler); these records say which members clients can rely on, and a test
// checks real answers against them.

/// <summary>An error answer (RFC 9457, application/problem+json).</summary>
public record Problem
{
    /// <summary>A URI naming the kind of error (the HTTP status's section of its RFC).</summary>
    [Required]
    public string Type { get; init; } = string.Empty;

    /// <summary>What went wrong and what to do, in plain English.</summary>
    [Required]
    public string Title { get; init; } = string.Empty;

    /// <summary>The HTTP status code.</summary>
    [Required]
    [Range(100, 599)]
    public int Status { get; init; }

    /// <summary>More about this occurrence, when there is more to say.</summary>
    public string? Detail { get; init; }

    /// <summary>Quote it when reporting a problem: the request's W3C trace id (32 hex digits; the caller's own when it sent a traceparent), which finds the request in the service's logs and traces.</summary>
    [Required]
    public string TraceId { get; init; } = string.Empty;

    /// <summary>A stable code for refusals by the service's rules (e.g. referral.version-stale, token.missing, database.unavailable); absent on plain HTTP errors.</summary>
    public string? Code { get; init; }

    /// <summary>The acceptance rule codes behind a refusal (e.g. of accept); absent otherwise.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    [ItemMaxLength(Vig.Domain.Acceptance.AcceptanceRule.CodeMaxLength)]
    public IReadOnlyList<string>? RuleCodes { get; init; }

    /// <summary>What to change, keyed by the field's JSON path (child.dateOfBirth, parentCarers[0].name, answers[3].answer) or query parameter name; "$" is the body as a whole. On a 400, absent when the problem is not one field's (e.g. a bad Idempotency-Key, which has a code); on a 422, present only when the refusal is about particular fields (a questionnaire's answers, code questionnaire.answers-invalid).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors { get; init; }
}

/// <summary>A 400 answer: the request could not be read or a field is invalid (see errors).</summary>
public sealed record ValidationProblem : Problem;
