namespace Vig.Application.Common;

/// <summary>
/// The system calling the API (a case-management system, the VIG team's tools, a reporting tool)
/// and the request it is making: the one place the caller is known.
/// </summary>
public interface ICurrentClient
{
    /// <summary>A stable id of the calling client; never personal data.</summary>
    string ClientId { get; }

    /// <summary>The token's subject when it names a person or service acting through the client, else null.</summary>
    string? Subject { get; }

    /// <summary>Links the requests of one conversation (X-Correlation-ID).</summary>
    string CorrelationId { get; }

    bool HasScope(string scope);
}

/// <summary>What a client may do, granted as OAuth2 scopes by the council's identity provider.</summary>
public static class Scopes
{
    /// <summary>Create, edit, submit and withdraw its own referrals, and record their consents.</summary>
    public const string Submit = "referrals.submit";

    /// <summary>Read its own referrals.</summary>
    public const string Read = "referrals.read";

    /// <summary>The VIG team: request information, accept, decline, allocate, close; read every referral.</summary>
    public const string Decide = "referrals.decide";

    /// <summary>Aggregates and non-identifying exports only.</summary>
    public const string Reports = "reports.read";

    public static readonly IReadOnlyList<string> All = [Submit, Read, Decide, Reports];
}
