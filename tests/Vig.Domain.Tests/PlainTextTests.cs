using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\r\n")]
    [InlineData("\u200b")]
    [InlineData("\ufeff\u200d\u2060")]
    [InlineData("\u00a0\u3000\u200b ")]
    [InlineData("\u00ad")]
    [InlineData("\U000E0001")]
    public void IsBlank_WhenOnlyWhitespaceOrFormatCharacters(string? text) =>
        Assert.True(PlainText.IsBlank(text));

    [Theory]
    [InlineData("a")]
    [InlineData("\u200bJo\u200b")]
    [InlineData("\u0000")]
    public void IsNotBlank_WhenAnythingVisibleOrUnexpectedIsLeft(string text) =>
        Assert.False(PlainText.IsBlank(text));

    [Theory]
    [InlineData("\u200b Jo Example\ufeff\n", "Jo Example")]
    [InlineData("Jo\u200dExample", "Jo\u200dExample")]
    [InlineData("\u200b\u200b", null)]
    public void TrimmedOrNull_TrimsTheEnds_AndMakesBlankAbsent(string text, string? expected) =>
        Assert.Equal(expected, PlainText.TrimmedOrNull(text));

    [Fact]
    public void Decline_WithAnInvisibleComment_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Submitted);

        var error = Assert.Throws<DomainException>(() => referral.Decline(DeclineReason.Duplicate, "\u200b\u200b", Now)).Error;

        Assert.Equal("referral.comment-required", error.Code);
        Assert.Equal(ReferralStatus.Submitted, referral.Status);
    }

    [Fact]
    public void CloseAsOther_WithAnInvisibleComment_IsRefused()
    {
        var referral = InStatus(ReferralStatus.Allocated);

        var error = Assert.Throws<DomainException>(() => referral.Close(ClosureOutcome.Other, "\ufeff", Now)).Error;

        Assert.Equal("referral.comment-required", error.Code);
    }

    [Fact]
    public void Allocate_ToAnInvisibleName_IsRefused_AndAVisibleOneIsTrimmed()
    {
        var referral = InStatus(ReferralStatus.Accepted);

        Assert.Equal("referral.practitioner-required", Assert.Throws<DomainException>(() => referral.Allocate("\u200d \u200b", Policy, Now)).Error.Code);
        referral.Allocate("\u200bPractitioner One ", Policy, Now);

        Assert.Equal("Practitioner One", referral.AllocatedTo);
    }

    [Fact]
    public void Withdraw_WithAnInvisibleReason_IsRefused() =>
        Assert.Equal("referral.comment-required", Assert.Throws<DomainException>(() => Draft().Withdraw("\u2060", Now)).Error.Code);

    [Fact]
    public void AHistoryComment_IsKeptTrimmed_AndAnInvisibleOneAsNone()
    {
        var referral = InStatus(ReferralStatus.Submitted);
        referral.RequestInformation(["views.hoped-for-change"], "\u200b", Policy, Now);
        referral.Withdraw(" Family moved away.\u200b", Now);

        Assert.Null(referral.History[^2].Comment);
        Assert.Equal("Family moved away.", referral.History[^1].Comment);
    }
}
