using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.ServiceLevels;

/// <summary>
/// What stopped clocks leave on the referral (ADR 0032), and the expectation an accepted referral
/// gives its referrer: the median working days to allocation over the last 90 days. The test clock
/// is stopped at each step; 10:00 UTC is 10:00 in London in winter.
/// </summary>
public sealed class ClockResultTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task AStoppedClock_StaysOnTheReferral_WithWhatItMeasured()
    {
        Fixture.Factory.Clock.FreezeAt(TestClock.Start);
        var submitted = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Assert.Equal(0, submitted.Json.GetProperty("clockResults").GetArrayLength());

        // Tuesday 19 January: three working days after Thursday 14th, within the decision's 10.
        At(2027, 1, 19);
        var accepted = await Api.ChangeAsync(submitted, "accept");
        var read = await Api.GetAsync(submitted.Id);

        var expected = new JsonArray(new JsonObject
        {
            ["awaited"] = "decision", ["since"] = "2027-01-14T12:00:00+00:00", ["stoppedAt"] = "2027-01-19T10:00:00+00:00", ["movedTo"] = "accepted",
            ["targetWorkingDays"] = 10, ["workingDays"] = 3, ["withinTarget"] = true,
        });
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(accepted.Json.GetProperty("clockResults").GetRawText())), accepted.Json.GetProperty("clockResults").GetRawText());
        Assert.Equal(accepted.Json.GetProperty("clockResults").GetRawText(), read.Json.GetProperty("clockResults").GetRawText());
        Assert.Equal(1, await Api.CountAsync("referral_clock_rows WHERE kind = 'Decision' AND moved_to = 'Accepted' AND working_days = 3 AND within_target"));
    }

    [Fact]
    public async Task AnAcceptedReferral_TellsItsReferrer_HowLongAllocationHasTaken_OverTheLastNinetyDays()
    {
        Fixture.Factory.Clock.FreezeAt(TestClock.Start);
        var quick = await AcceptedAsync();
        var slow = await AcceptedAsync();
        var withdrawn = await AcceptedAsync();
        var waiting = await AcceptedAsync();
        var submitted = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Assert.Equal((0, null), Expectation(waiting)); // nobody allocated yet

        At(2027, 1, 18); // two working days after Thursday 14th
        await Api.ChangeAsync(quick, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
        At(2027, 1, 20); // a withdrawal stops the clock, but allocates nobody
        await Api.ChangeAsync(withdrawn, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));
        At(2027, 1, 28); // ten working days
        var allocated = await Api.ChangeAsync(slow, "allocate", JsonNode.Parse(OpenApiExample.Allocate));

        using var referrerClient = Fixture.CreateClient(TestTokens.DefaultClient, Scopes.Submit, Scopes.Read);
        var referrer = new ReferralApi(Fixture, referrerClient);
        At(2027, 2, 1);
        Assert.Equal((2, 6.0), Expectation(await referrer.GetAsync(waiting.Id)));
        Assert.Equal(JsonValueKind.Null, (await referrer.GetAsync(submitted.Id)).Json.GetProperty("allocationExpectation").ValueKind);
        Assert.Equal(JsonValueKind.Null, allocated.Json.GetProperty("allocationExpectation").ValueKind);

        // The window is the 90 days up to today: on 27 April it still holds 28 January, on the 28th nothing.
        At(2027, 4, 27);
        Assert.Equal((1, 10.0), Expectation(await referrer.GetAsync(waiting.Id)));
        At(2027, 4, 28);
        Assert.Equal((0, null), Expectation(await referrer.GetAsync(waiting.Id)));
    }

    private async Task<Referral> AcceptedAsync() =>
        await Api.ChangeAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true)), "accept");

    private void At(int year, int month, int day) => Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.Zero));

    private static (int, double?) Expectation(Referral referral)
    {
        var expectation = referral.Json.GetProperty("allocationExpectation");
        var median = expectation.GetProperty("medianWorkingDays");
        return (expectation.GetProperty("allocations").GetInt32(), median.ValueKind == JsonValueKind.Null ? null : median.GetDouble());
    }
}
