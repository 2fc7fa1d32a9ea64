using Vig.Application.Common;

namespace Vig.Application.Tests.Common;

/// <summary>Whichever constructor made it, a validation failure has its errors by field, never null: the API reads them for every 400.</summary>
public sealed class RequestValidationExceptionTests
{
    [Fact]
    public void MadeWithoutErrors_ItHasNone_NotNull()
    {
        Assert.Empty(new RequestValidationException().Errors);
        Assert.Empty(new RequestValidationException("Refused.").Errors);
        Assert.Empty(new RequestValidationException("Refused.", new FormatException()).Errors);
    }
}
