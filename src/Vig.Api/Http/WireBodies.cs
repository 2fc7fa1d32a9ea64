using FluentValidation;
using Vig.Application.Common;

namespace Vig.Api.Http;

/// <summary>
/// Parses a wire body once, at the edge: its validators run through the one validation pipeline
/// (<see cref="RequestValidation"/>, on the request's clock), and only a valid body is mapped to the
/// use case's command, in the domain's types (docs/decisions/0022-parse-once-at-the-edge.md).
/// </summary>
internal sealed class WireBodies(IServiceProvider services, ServiceClock clock)
{
    /// <exception cref="RequestValidationException">The body is not well formed; nothing is parsed.</exception>
    public async Task<TCommand> ParseAsync<TBody, TCommand>(TBody body, Func<TBody, TCommand> parse, CancellationToken cancellationToken)
        where TBody : notnull
    {
        ArgumentNullException.ThrowIfNull(parse);
        await RequestValidation.ValidateAsync(services.GetServices<IValidator<TBody>>(), body, clock, cancellationToken);
        return parse(body);
    }
}
