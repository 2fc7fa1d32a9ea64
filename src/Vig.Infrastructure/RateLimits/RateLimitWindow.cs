namespace Vig.Infrastructure.RateLimits;

/// <summary>The table behind <see cref="SharedRequestCounts"/>; mapped only so that migrations create it.</summary>
internal sealed class RateLimitWindow
{
    /// <summary>The client id from the token, or "address:" and the caller's IP address without one.</summary>
    public required string Client { get; init; }

    /// <summary>The window's first instant (UTC, on a minute of the clock).</summary>
    public DateTimeOffset WindowStart { get; init; }

    public long Used { get; init; }
}
