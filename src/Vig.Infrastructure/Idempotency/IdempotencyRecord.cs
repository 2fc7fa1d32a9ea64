namespace Vig.Infrastructure.Idempotency;

/// <summary>The table behind <see cref="PostgresIdempotencyStore"/>; mapped only so that migrations create it. A row is a committed answer: there are no pending claims.</summary>
internal sealed class IdempotencyRecord
{
    public required string ClientId { get; init; }

    public required string Key { get; init; }

    public required string Fingerprint { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public int ResponseStatus { get; init; }

    public string? ResponseContentType { get; init; }

    public string? ResponseLocation { get; init; }

    public string? ResponseEtag { get; init; }

    public required byte[] ResponseBody { get; init; }
}
