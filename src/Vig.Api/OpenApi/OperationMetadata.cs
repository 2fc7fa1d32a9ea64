using Vig.Api.Contracts;

namespace Vig.Api.OpenApi;

/// <summary>Marks endpoints that change a referral and so need If-Match.</summary>
internal sealed record RequiresIfMatch;

/// <summary>Marks the endpoint that answers 304 to a current If-None-Match.</summary>
internal sealed record ReadsIfNoneMatch;

/// <summary>Marks endpoints served from memory, which cannot answer 503 database.unavailable.</summary>
internal sealed record AnswersWithoutDatabase;

/// <summary>Marks an endpoint that also answers 200 as CSV when asked with Accept: text/csv.</summary>
internal sealed record AnswersCsv(string Description);

/// <summary>An example of the endpoint's 200 answer, as JSON and, when it answers CSV too, as CSV.</summary>
internal sealed record AnswerExample(string Json, string? Csv = null);

internal static class OperationMetadata
{
    /// <summary>Documents refusals an endpoint's use case can answer, as problem details.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.Produces<Problem>(status, HttpConventionsFilter.ProblemMediaType);
        }

        return endpoint;
    }
}
