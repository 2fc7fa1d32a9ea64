using FluentValidation;
using MediatR;

namespace Vig.Application.Common;

/// <summary>
/// Runs <see cref="RequestValidation"/> on every command with validators, before its handler.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, ServiceClock clock) : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IEnumerable<IValidator<TRequest>> _validators = validators;
    private readonly ServiceClock _clock = clock;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await RequestValidation.ValidateAsync(_validators, request, _clock, cancellationToken);
        return await next();
    }
}
