using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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

    [Fact]
    public async Task Retention_ByDefault_KeepsPersonalData2555Days_SevenYearsOf365_AsShipped()
    {
        var clock = Fixture.Factory.Clock;
        clock.Freeze();
        var older = await DeclinedAsync();
        clock.Advance(TimeSpan.FromDays(2));
        var newer = await DeclinedAsync();
        clock.Advance(TimeSpan.FromDays((7 * 365) - 1));

        // Now the older referral finished 2556 days ago, the newer one 2554 days ago. The period is the
        // code's own, as a deployment whose configuration has no Retention section gets it; appsettings.json
        // ships the same seven years (the first assertion keeps the two together).
        Assert.Equal(Fixture.Factory.Services.GetRequiredService<RetentionOptions>().AnonymiseAfter, new RetentionOptions().AnonymiseAfter);
        await using var unset = Fixture.Factory.WithWebHostBuilder(VigApiFactory.WithServices(services => services.AddSingleton(new RetentionOptions())));
        await using (var scope = unset.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnonymiseFinishedReferrals()));
        }

        Assert.Equal("(removed)", (await Api.GetAsync(older.Id)).Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal("Alex Example", (await Api.GetAsync(newer.Id)).Json.GetProperty("child").GetProperty("name").GetString());
        Assert.Equal((1, 0), (await AnonymiseAuditCountAsync(older.Id), await AnonymiseAuditCountAsync(newer.Id)));
    }

    private async Task<long> AnonymiseAuditCountAsync(Guid referralId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = 'referral.anonymise' AND referral_id = $1", connection);
        command.Parameters.Add(new() { Value = referralId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Referral> DeclinedAsync()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        return await Api.ChangeAsync(referral, "decline", new JsonObject { ["reasonCode"] = "family-declined", ["comment"] = "Open elsewhere for this child." });
    }
}
