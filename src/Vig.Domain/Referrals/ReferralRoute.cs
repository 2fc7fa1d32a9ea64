namespace Vig.Domain.Referrals;

/// <summary>How a request for VIG reaches the service (source page, "Request involvement from the Service").</summary>
public enum RouteKind
{
    /// <summary>A Case Management Decision (CMD).</summary>
    CaseManagementDecision,

    /// <summary>A Foundations For Life (FFL) plan.</summary>
    FoundationsForLife,
}

/// <summary>The route and the source system's own reference for the CMD or FFL plan.</summary>
public sealed record ReferralRoute(RouteKind Kind, string? Reference)
{
    public const int ReferenceMaxLength = 64;
}
