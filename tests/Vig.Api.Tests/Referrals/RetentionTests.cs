using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Retention;

namespace Vig.Api.Tests.Referrals;

/// <summary>The retention period is counted from each finished referral's last change, on the service's clock.</summary>
public sealed class RetentionTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Retention_AnonymisesOnlyTheFinishedReferralsOlderThanThePeriod()
    {
        var clock = Fixture.Factory.Clock;
        clock.Freeze();
        var old = await DeclinedAsync();
        clock.Advance(TimeSpan.FromDays(10));
        var recent = await DeclinedAsync();
        clock.Advance(TimeSpan.FromDays(10));

        // The cutoff is 15 days ago: the old referral finished 20 days ago, the recent one 10 days ago.
        await using var due = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Retention:AnonymiseAfter", "15.00:00:00"));
        await using (var scope = due.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnonymiseFinishedReferrals()));
        }

        Assert.Equal("(removed)", (await Api.GetAsync(old.Id)).Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal("Alex Example", (await Api.GetAsync(recent.Id)).Json.GetProperty("child").GetProperty("name").GetString());
    }

    private async Task<Referral> DeclinedAsync()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        return await Api.ChangeAsync(referral, "decline", new JsonObject { ["reasonCode"] = "duplicate", ["comment"] = "Open elsewhere for this child." });
    }
}
