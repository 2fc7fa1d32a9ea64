namespace Vig.Application.Common;

/// <summary>
/// Idempotency keys (IETF httpapi Idempotency-Key draft): a client's retry with the same key
/// gets the first answer again instead of doing the work twice. Kept where every instance sees them.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key for this request, or says why it cannot be claimed.</summary>
    Task<IdempotencyClaim> ClaimAsync(string clientId, string key, string fingerprint, CancellationToken cancellationToken);

    Task CompleteAsync(string clientId, string key, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose request did nothing, so the client may retry with the same key.</summary>
    Task ReleaseAsync(string clientId, string key, CancellationToken cancellationToken);

    /// <summary>Deletes keys past their retention; returns how many.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken);
}

public enum IdempotencyClaimResult
{
    /// <summary>The key is ours: do the work and complete or release it.</summary>
    Claimed,

    /// <summary>A request with this key finished before: answer with its stored response.</summary>
    Completed,

    /// <summary>A request with this key is still running.</summary>
    InFlight,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

public sealed record IdempotencyClaim(IdempotencyClaimResult Result, StoredResponse? Response = null);

public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body);

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>The longest key a client may send (the IETF draft and Stripe allow 255 characters).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>How long a key and its answer are kept: at least 24 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A claim still running after this long is taken to have died with its process.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);
}
