using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>A consent is withdrawn on the day the client gives, or today (the service's calendar day) when it gives none.</summary>
public sealed class WithdrawConsentTests
{
    [Theory]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData(null, "2027-01-14")]
    public async Task AConsent_IsWithdrawnOnTheDayGiven_OrToday(string? given, string recorded)
    {
        var client = new FakeClient("case-system-a", Scopes.Submit, Scopes.Read);
        var clock = new ServiceClock(TestCalendar.Calendar, client);
        var repository = new FakeRepository();
        var audit = new FakeAudit();
        var changes = new ReferralChanges(repository, new ReferralAccess(repository, client, audit), clock, audit, new FakeOutbox(), new ReferralResults(AcceptancePolicy.Current, clock, client, Fakes.Clocks(), new FakeServiceLevels()), Fakes.Metrics(), Fakes.Clocks(), Fakes.Duplicates(client));
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), clock.Stamp());
        repository.Add(referral);
        var consent = referral.Consents.Single();
        DateOnly? withdrawnOn = given is null ? null : DateOnly.Parse(given, System.Globalization.CultureInfo.InvariantCulture);

        var view = await new WithdrawConsentHandler(changes).Handle(new WithdrawConsent(referral.Id, referral.Version, consent.Id, withdrawnOn), CancellationToken.None);

        var withdrawn = view.Referral.Consents.Single();
        Assert.False(withdrawn.IsInForce);
        Assert.Equal(DateOnly.Parse(recorded, System.Globalization.CultureInfo.InvariantCulture), withdrawn.WithdrawnOn);
        Assert.Equal([(AuditActions.WithdrawConsent, (Guid?)referral.Id)], audit.Recorded);
    }
}
