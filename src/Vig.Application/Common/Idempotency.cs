namespace Vig.Application.Common;

/// <summary>
/// Idempotency keys (IETF httpapi Idempotency-Key draft): a client's retry with the same key gets
/// the first answer again instead of doing the work twice. The answer is stored in the same
/// database transaction as the change it describes, so after any crash either both exist or
/// neither does, and a retry never runs a committed request again (docs/decisions/0008).
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Opens the request's transaction, makes sure no other request with this key is running, and
    /// looks up an earlier answer. Every change the request then saves joins that transaction.
    /// </summary>
    Task<IIdempotentRequest> BeginAsync(string clientId, string key, string fingerprint, CancellationToken cancellationToken);
}

/// <summary>A request running under its key. Disposing it without <see cref="CommitAsync"/> undoes everything it did.</summary>
public interface IIdempotentRequest : IAsyncDisposable
{
    IdempotencyClaimResult Result { get; }

    /// <summary>The earlier answer, when <see cref="Result"/> is <see cref="IdempotencyClaimResult.Completed"/>.</summary>
    StoredResponse? StoredResponse { get; }

    /// <summary>Stores the answer and commits it together with the request's changes.</summary>
    Task CommitAsync(StoredResponse response, CancellationToken cancellationToken);
}

public enum IdempotencyClaimResult
{
    /// <summary>No earlier answer: run the request, then commit or dispose.</summary>
    Claimed,

    /// <summary>A request with this key finished before: answer with its stored response.</summary>
    Completed,

    /// <summary>A request with this key is still running after the wait.</summary>
    InFlight,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body);

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>The longest key a client may send (the IETF draft and Stripe allow 255 characters).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>How long a key and its answer are kept: at least 24 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request waits for another request with the same key to finish, to answer with
    /// its result; past this it gets 409. Requests take milliseconds, so this is only reached
    /// when the first one hangs.
    /// </summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(5);
}
