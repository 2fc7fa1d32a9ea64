using MediatR;

namespace Vig.Application.Common;

/// <summary>What the database layer can tell about a failed attempt at a request.</summary>
public interface IRequestRetryPolicy
{
    /// <summary>One retry clears the dead connections; a third attempt covers a pool refilled in the meantime.</summary>
    const int MaxAttempts = 3;

    /// <summary>
    /// True when the attempt failed because the database connection was lost or refused before
    /// anything of the request could have been written, so running it again is safe.
    /// </summary>
    bool CanRetry(Exception failure);

    /// <summary>Forgets what the failed attempt loaded or changed.</summary>
    void PrepareRetry();
}

/// <summary>
/// After a database restart the pool still holds connections the restart killed; the first
/// request to draw one would fail although the database is back. This runs such a request again,
/// on a fresh connection, when that is safe; otherwise the failure reaches the client as 503.
/// </summary>
public sealed class RetryOnLostConnection<TRequest, TResponse>(IRequestRetryPolicy policy) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next();
            }
            catch (Exception ex) when (attempt < IRequestRetryPolicy.MaxAttempts && policy.CanRetry(ex))
            {
                policy.PrepareRetry();
            }
        }
    }
}
