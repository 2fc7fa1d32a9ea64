using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Domain.Tests;

public sealed class ReferenceDataTests
{
    [Fact]
    public void DeclineReasons_HaveUniqueStableCodes()
    {
        Assert.Equal(DeclineReason.All.Count, DeclineReason.All.Select(r => r.Code).Distinct().Count());
        Assert.Contains(DeclineReason.All, r => r.Code == "not-eligible");
        Assert.Same(DeclineReason.Duplicate, DeclineReason.FromCode("duplicate"));
        Assert.Null(DeclineReason.FromCode("Duplicate"));
        Assert.Equal("duplicate", DeclineReason.Duplicate.ToString());
    }

    [Theory]
    [InlineData("VIG-2026-000123", true)]
    [InlineData("VIG-2026-12345678", true)]
    [InlineData("vig-2026-000123", false)]
    [InlineData("VIG-26-000123", false)]
    [InlineData(null, false)]
    public void ReferralReference_TryParse_AcceptsOnlyTheServiceFormat(string? value, bool valid)
    {
        Assert.Equal(valid, ReferralReference.TryParse(value, out var reference));
        Assert.Equal(valid ? value : null, reference?.ToString());
    }

    [Fact]
    public void ReferralReference_Create_PadsTheNumber()
    {
        Assert.Equal("VIG-2026-000123", ReferralReference.Create(2026, 123).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferralReference.Create(2026, 0));
        Assert.Equal("VIG-2026-000007", ReferralReference.Parse("VIG-2026-000007").Value);
        Assert.Throws<FormatException>(() => ReferralReference.Parse("VIG-7"));
    }

    [Fact]
    public void DomainException_CarriesItsError()
    {
        var error = DomainError.NotFound("x.y", "Not here.");

        Assert.Same(error, new DomainException(error).Error);
        Assert.Equal("Not here.", new DomainException(error).Message);
        Assert.Equal("domain.unspecified", new DomainException("m", new InvalidOperationException()).Error.Code);
        Assert.Equal("domain.unspecified", new DomainException().Error.Code);
        Assert.Equal("m", new DomainException("m").Error.Message);
    }
}
