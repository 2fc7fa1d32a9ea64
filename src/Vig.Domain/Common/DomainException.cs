namespace Vig.Domain.Common;

/// <summary>Raised when a model method refuses a request; carries the coded <see cref="DomainError"/>.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public DomainException()
        : this(DomainError.Invalid("domain.unspecified", "The request was refused."))
    {
    }

    public DomainException(string message)
        : this(DomainError.Invalid("domain.unspecified", message))
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = DomainError.Invalid("domain.unspecified", message);
    }

    public DomainError Error { get; }
}
