namespace Vig.Application.Common;

/// <summary>The client changed a version of a resource that is no longer the current one (HTTP 412).</summary>
public sealed class StaleVersionException : Exception
{
    public StaleVersionException()
        : base("The referral has changed since you read it. GET it again, check the change still makes sense, and retry with the new ETag.")
    {
    }

    public StaleVersionException(string message)
        : base(message)
    {
    }

    public StaleVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
