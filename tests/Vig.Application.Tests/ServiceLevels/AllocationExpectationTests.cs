using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.ServiceLevels;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.ServiceLevels;

/// <summary>An accepted referral's answer says how long allocation has been taking; no other answer asks.</summary>
public sealed class AllocationExpectationTests
{
    private static readonly Stamp Stamp = new("case-system-a", new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero), new DateOnly(2027, 1, 11));

    [Fact]
    public async Task AnAcceptedReferral_CarriesTheExpectation_OfTheNinetyDaysUpToToday()
    {
        var serviceLevels = new FakeServiceLevels(new AllocationExpectation(7, 12.5));

        var result = await Results(serviceLevels).ForAsync(InStatus(ReferralStatus.Accepted), null, CancellationToken.None);

        Assert.Equal(new AllocationExpectation(7, 12.5), result.AllocationExpectation);
        Assert.Equal([new DateOnly(2026, 10, 17)], serviceLevels.Asked); // 14 January and the 89 days before it
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Allocated)]
    public async Task OtherStatuses_CarryNone_AndAskNothing(ReferralStatus status)
    {
        var serviceLevels = new FakeServiceLevels(new AllocationExpectation(7, 12.5));

        var result = await Results(serviceLevels).ForAsync(InStatus(status), null, CancellationToken.None);

        Assert.Null(result.AllocationExpectation);
        Assert.Empty(serviceLevels.Asked);
    }

    [Fact]
    public void TheWindow_IsNinetyDays_TodayIncluded() =>
        Assert.Equal(new DateOnly(2027, 1, 1), AllocationExpectation.From(new DateOnly(2027, 3, 31)));

    private static ReferralResults Results(FakeServiceLevels serviceLevels)
    {
        var client = new FakeClient("case-system-a", Scopes.Submit, Scopes.Read);
        return new ReferralResults(AcceptancePolicy.Current, new ServiceClock(TestCalendar.Calendar, client), client, Fakes.Clocks(), serviceLevels);
    }

    private static Referral InStatus(ReferralStatus status)
    {
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp);
        referral.Submit(AcceptancePolicy.Current, Stamp);
        if (status is ReferralStatus.Accepted or ReferralStatus.Allocated)
        {
            referral.Accept(AcceptancePolicy.Current, Stamp);
        }

        if (status is ReferralStatus.Allocated)
        {
            referral.Allocate("Practitioner One", AcceptancePolicy.Current, Stamp);
        }

        Assert.Equal(status, referral.Status);
        return referral;
    }
}
