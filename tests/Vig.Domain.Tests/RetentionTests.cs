using Vig.Domain.Common;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

public sealed class RetentionTests
{
    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Closed)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void Anonymise_AFinishedReferral_RemovesPersonalData_AndKeepsWhatReportsNeed(ReferralStatus status)
    {
        var referral = InStatus(status);
        var version = referral.Version;

        referral.Anonymise(StampOn(Today.AddYears(8)));

        Assert.Equal(("(removed)", new DateOnly(2020, 1, 1), null), (referral.Child!.Name, referral.Child.DateOfBirth, referral.Child.ExternalCaseId));
        Assert.Equal(("(removed)", null, null), (referral.Referrer!.Name, referral.Referrer.Email, referral.Referrer.Phone));
        Assert.All(referral.ParentCarers, p => Assert.Equal("(removed)", p.Name));
        Assert.Null(referral.ConcernAccount);
        Assert.Null(referral.Readiness.AssessmentSummary);
        Assert.Equal((null, null), (referral.Views.HopedForChange, referral.Views.ImpactOnChild));
        Assert.All(referral.History, h => Assert.Null(h.Comment));
        Assert.Equal(status, referral.Status);
        Assert.Equal(ReferrerRole.SocialWorker, referral.Referrer.Role);
        Assert.NotEmpty(referral.Concerns);
        Assert.NotNull(referral.AnonymisedAt);
        Assert.Equal(version + 1, referral.Version);
    }

    [Theory]
    [InlineData(ReferralStatus.Draft)]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Allocated)]
    public void Anonymise_AnOpenReferral_IsRefused(ReferralStatus status)
    {
        var referral = InStatus(status);

        var error = Assert.Throws<DomainException>(() => referral.Anonymise(Now)).Error;

        Assert.Equal("referral.not-finished", error.Code);
        Assert.Equal("Alex Example", referral.Child!.Name);
    }

    [Fact]
    public void Anonymise_Twice_ChangesNothingTheSecondTime()
    {
        var referral = InStatus(ReferralStatus.Withdrawn);
        referral.Anonymise(Now);
        var version = referral.Version;

        referral.Anonymise(StampOn(Today.AddDays(1)));

        Assert.Equal(version, referral.Version);
    }
}
