namespace Vig.ClientTests.Generated;

/// <summary>
/// The generated client returns bodies only (NSwag's default); its documented extension point,
/// ProcessResponse, lets a caller keep the ETag the API sends, as a real integration would.
/// </summary>
public partial class VigClient
{
    /// <summary>The ETag of the last answer, to send back in If-Match; null when it had none.</summary>
    public string? LastETag { get; private set; }

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response) =>
        LastETag = response.Headers.ETag?.ToString();
}
