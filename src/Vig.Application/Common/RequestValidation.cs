using FluentValidation;
using FluentValidation.Results;

namespace Vig.Application.Common;

/// <summary>
/// The one validation pipeline: every validator of a request runs, and any failure stops the
/// request with one map from field to messages (<see cref="RequestValidationException"/>, a 400
/// keyed by JSON path). The Api runs it on a wire body before parsing it into the domain's types;
/// <see cref="ValidationBehavior{TRequest, TResponse}"/> runs it on a command whose fields are plain
/// values. Either way a request is validated once, against the request's own day.
/// </summary>
public static class RequestValidation
{
    /// <summary>Where the request's <see cref="ServiceClock"/> travels in a validation's root context data (<see cref="DateRules"/> reads today from it).</summary>
    public const string ClockKey = "Vig.ServiceClock";

    /// <exception cref="RequestValidationException">Any validator failed.</exception>
    public static async Task ValidateAsync<T>(IEnumerable<IValidator<T>> validators, T request, ServiceClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var failures = new List<ValidationFailure>();
        foreach (var validator in validators)
        {
            var context = new ValidationContext<T>(request);
            context.RootContextData[ClockKey] = clock;
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            var errors = failures
                .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            throw new RequestValidationException(errors);
        }
    }
}
