using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;
using Vig.Domain.Acceptance;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// The service counts days in London's calendar (Service:TimeZone Europe/London), not in UTC: the
/// referral date, a child's age on it and "not in the future" turn over at London midnight, which
/// is midnight UTC in winter and 23:00 UTC in summer, and move with the clocks on the last Sundays
/// of March and October.
/// </summary>
public sealed class ServiceCalendarTests(ApiFixture api) : ApiTestBase(api)
{
    public static TheoryData<string, string> Instants => new()
    {
        // Winter: London is on UTC.
        { "2027-01-14T23:59:59Z", "2027-01-14" },
        { "2027-01-15T00:00:00Z", "2027-01-15" },

        // Summer: London is an hour ahead, so its day starts at 23:00 UTC the day before.
        { "2027-07-14T22:59:59Z", "2027-07-14" },
        { "2027-07-14T23:00:00Z", "2027-07-15" },

        // The clocks go forward at 01:00 UTC on 28 March 2027: the day starts at 00:00 UTC and ends at 23:00 UTC.
        { "2027-03-27T23:59:59Z", "2027-03-27" },
        { "2027-03-28T00:00:00Z", "2027-03-28" },
        { "2027-03-28T00:30:00Z", "2027-03-28" },
        { "2027-03-28T22:59:59Z", "2027-03-28" },
        { "2027-03-28T23:00:00Z", "2027-03-29" },

        // The clocks go back at 01:00 UTC on 31 October 2027: the day starts at 23:00 UTC the day before and ends at 24:00 UTC.
        { "2027-10-30T22:59:59Z", "2027-10-30" },
        { "2027-10-30T23:00:00Z", "2027-10-31" },
        { "2027-10-31T00:30:00Z", "2027-10-31" },
        { "2027-10-31T01:30:00Z", "2027-10-31" },
        { "2027-10-31T23:59:59Z", "2027-10-31" },
        { "2027-11-01T00:00:00Z", "2027-11-01" },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task ReferralDate_IsTheLondonDayOfSubmission(string instant, string londonDay)
    {
        Fixture.Factory.Clock.FreezeAt(Parse(instant));

        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        Assert.Equal(londonDay, referral.Json.GetProperty("referralDate").GetString());
        Assert.Equal(londonDay, referral.Json.GetProperty("latestEvaluation").GetProperty("referralDate").GetString());
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task ChildsAge_IsCountedOnTheLondonReferralDate(string instant, string londonDay)
    {
        Fixture.Factory.Clock.FreezeAt(Parse(instant));
        var day = DateOnly.Parse(londonDay, CultureInfo.InvariantCulture);
        var oldest = AcceptancePolicy.Current.HealthVisitorMaxAgeYears;

        // One child turns one year too old for a Health Visitor's referral on the London day; the other the day after.
        var tooOld = await Api.CreateAsync(HealthVisitorReferral(day.AddYears(-(oldest + 1))));
        var young = await Api.CreateAsync(HealthVisitorReferral(day.AddYears(-(oldest + 1)).AddDays(1)));

        Assert.Contains("referrer.health-visitor-child-age", tooOld.UnmetRules);
        Assert.DoesNotContain("referrer.health-visitor-child-age", young.UnmetRules);
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task Consent_OnTheLondonDay_IsAccepted_AndOnTheDayAfter_IsInTheFuture(string instant, string londonDay)
    {
        Fixture.Factory.Clock.FreezeAt(Parse(instant));
        var day = DateOnly.Parse(londonDay, CultureInfo.InvariantCulture);
        var referral = await Api.CreateAsync();

        using var tomorrow = await Api.PostAsync(referral.Id, "consents", referral.ETag, Consent(referral, day.AddDays(1)));
        var problem = await ProblemAssert.IsProblemAsync(tomorrow, HttpStatusCode.BadRequest);
        Assert.Contains($"after today ({londonDay})", problem.GetProperty("errors").GetProperty("givenOn")[0].GetString(), StringComparison.Ordinal);

        var recorded = await Api.ChangeAsync(referral, "consents", Consent(referral, day), HttpStatusCode.Created);
        Assert.Equal(londonDay, recorded.Json.GetProperty("consents")[0].GetProperty("givenOn").GetString());
    }

    [Theory]
    [InlineData("2020-01-01T00:00:00Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    public async Task AccessTokens_AreJudgedOnTheRealClock_WhateverTheServiceCalendarSays(string instant)
    {
        Fixture.Factory.Clock.FreezeAt(Parse(instant));

        using var response = await Client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static DateTimeOffset Parse(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject HealthVisitorReferral(DateOnly born)
    {
        var body = ReferralApi.EligibleBody(submit: true);
        body["referrer"]!["role"] = "healthVisitor";
        body["child"]!["dateOfBirth"] = Text(born);
        return body;
    }

    private static JsonObject Consent(Referral referral, DateOnly on) =>
        new() { ["parentCarerId"] = referral.MotherId, ["kind"] = "takePartInVig", ["givenOn"] = Text(on) };
}
