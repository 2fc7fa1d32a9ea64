namespace Vig.Application.Common;

/// <summary>
/// The system calling the API (a case-management system, the VIG team's tools, a reporting tool).
/// The one place the caller is known: authentication plugs in behind it.
/// </summary>
public interface ICurrentClient
{
    /// <summary>A stable id of the calling client; never personal data.</summary>
    string ClientId { get; }
}
