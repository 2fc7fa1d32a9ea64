using System.Net;
using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vig.Application.ServiceLevels;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.ServiceLevels;

/// <summary>
/// Service-level clocks as clients read them (ADR 0031): the running clock on the referral, the
/// worklist filters, and the overdue event raised once by however many instances look.
/// Targets are the defaults: decision 10, information 15, allocation 20 working days.
/// </summary>
public sealed class ClockTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task ASubmittedReferral_ShowsItsDecisionClock_CountedInWorkingDays()
    {
        // Thursday 14 January 2027, noon: ten working days on is Thursday 28 January.
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

        var clock = referral.Json.GetProperty("clock");
        Assert.Equal("decision", clock.GetProperty("awaiting").GetString());
        Assert.Equal(referral.Json.GetProperty("updatedAt").GetDateTimeOffset(), clock.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(10, clock.GetProperty("targetWorkingDays").GetInt32());
        Assert.Equal("2027-01-28", clock.GetProperty("dueOn").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 29, 0, 0, 0, TimeSpan.Zero), clock.GetProperty("dueAt").GetDateTimeOffset());
        Assert.False(clock.GetProperty("overdue").GetBoolean());
        Assert.Equal(10, clock.GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal(0, clock.GetProperty("workingDaysOverdue").GetInt32());
    }

    [Fact]
    public async Task EachStatusRunsItsOwnClock_AndAllocationStopsIt()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var asked = await Api.ChangeAsync(referral, "request-information", new System.Text.Json.Nodes.JsonObject { ["ruleCodes"] = new System.Text.Json.Nodes.JsonArray("consent.parent-carers") });
        Assert.Equal(("information", 15), Clock(asked));

        Fixture.Factory.Clock.Advance(TimeSpan.FromDays(1));
        var resubmitted = await Api.ChangeAsync(asked, "submit");
        Assert.Equal(("decision", 10), Clock(resubmitted));
        Assert.Equal(resubmitted.Json.GetProperty("updatedAt").GetDateTimeOffset(), resubmitted.Json.GetProperty("clock").GetProperty("since").GetDateTimeOffset());

        var accepted = await Api.ChangeAsync(resubmitted, "accept");
        Assert.Equal(("allocation", 20), Clock(accepted));

        var allocated = await Api.ChangeAsync(accepted, "allocate", new System.Text.Json.Nodes.JsonObject { ["practitioner"] = "A. Practitioner" });
        Assert.Equal(JsonValueKind.Null, allocated.Json.GetProperty("clock").ValueKind);
    }

    [Fact]
    public async Task TheWorklist_FiltersOverdueAndDueBefore_AndShowsEachDueTime()
    {
        var waiting = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Fixture.Factory.Clock.Advance(TimeSpan.FromDays(21));
        var late = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(1)); // the list is in (updated_at, id) order: a tie would leave it to the ids' random bits
        var draft = await Api.CreateAsync();

        Assert.Equal([waiting.Id], await ListAsync("overdue=true"));
        Assert.Equal([late.Id], await ListAsync("overdue=false"));
        Assert.Equal([waiting.Id], await ListAsync("dueBefore=2027-01-29"));
        Assert.Empty(await ListAsync("dueBefore=2027-01-28"));
        Assert.Equal([waiting.Id, late.Id, draft.Id], await ListAsync(string.Empty));

        using var page = await Client.GetAsync(new Uri("/api/v1/referrals?overdue=true", UriKind.Relative));
        var item = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.GetProperty("items")[0];
        Assert.Equal("decision", item.GetProperty("awaiting").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 29, 0, 0, 0, TimeSpan.Zero), item.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task TheWorklist_SortedByDueAt_IsSoonestDueFirst_PageByPage_AndLeavesOutReferralsWithoutAClock()
    {
        var first = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(1)); // no tie in the default order, whatever the clock was left at
        var accepted = await Api.ChangeAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true)), "accept");
        Fixture.Factory.Clock.Advance(TimeSpan.FromDays(1));
        var second = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        Fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var draft = await Api.CreateAsync();

        // Updated last, due soonest: the first decision clock, the second, then the allocation clock (20 working days).
        var pages = new List<Guid>();
        string? cursor = null;
        do
        {
            using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?sort=dueAt&limit=1{(cursor is null ? string.Empty : "&cursor=" + cursor)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            pages.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([first.Id, second.Id, accepted.Id], pages);
        Assert.Equal([first.Id, second.Id, accepted.Id], await ListAsync("sort=dueAt&overdue=false"));
        Assert.Equal([first.Id, accepted.Id, second.Id, draft.Id], await ListAsync("sort=updatedAt"));
    }

    [Fact]
    public async Task ACursor_KeepsToTheSortItWasMadeFor()
    {
        await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        using var first = await Client.GetAsync(new Uri("/api/v1/referrals?sort=dueAt&limit=1", UriKind.Relative));
        var cursor = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("nextCursor").GetString();

        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?limit=1&cursor={cursor}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }

    [Fact]
    public async Task AReferralWaitingWithoutAClock_GetsOneAtTheNextLook_FromWhenItEnteredItsStatus()
    {
        var stored = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await Api.ExecuteAsync($"UPDATE referrals SET clock_awaiting = NULL, clock_since = NULL, clock_target_working_days = NULL, clock_due_at = NULL WHERE id = '{stored.Id}'");
        Assert.Equal(JsonValueKind.Null, (await Api.GetAsync(stored.Id)).Json.GetProperty("clock").ValueKind);

        Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RaiseOverdueClocks()));
        }

        // As if it had had its clock since it was submitted, so already overdue: raised in the same look.
        var read = await Api.GetAsync(stored.Id);
        var clock = read.Json.GetProperty("clock");
        Assert.Equal(("decision", stored.Json.GetProperty("updatedAt").GetDateTimeOffset()), (clock.GetProperty("awaiting").GetString(), clock.GetProperty("since").GetDateTimeOffset()));
        Assert.True(clock.GetProperty("overdue").GetBoolean());
        Assert.Equal(stored.Version, read.Version);
        Assert.Equal(1, await Api.CountAsync($"referral_events WHERE referral_id = '{stored.Id}' AND type = 'referral.decision-overdue'"));
    }

    [Theory]
    [InlineData("overdue=soon")]
    [InlineData("dueBefore=29/01/2027")]
    [InlineData("dueBefore=2027-1-29")]
    public async Task ABadClockFilter_Is400NamingIt(string query)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _), problem.ToString());
    }

    [Fact]
    public async Task AClockPastItsDueTime_RaisesItsOverdueEventOnce_WhicheverInstancesLook()
    {
        const int referrals = 12;
        var ids = new List<Guid>();
        for (var i = 0; i < referrals; i++)
        {
            ids.Add((await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true))).Id);
        }

        var accepted = await Api.ChangeAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true)), "accept");
        var versionBefore = (await Api.GetAsync(ids[0])).Json.GetProperty("version").GetInt32();

        // Past the decision clocks' due time (28 January), before the allocation clock's (11 February).
        Fixture.Factory.Clock.FreezeAt(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        static void Looking(IWebHostBuilder b) => b.UseSetting("ServiceLevels:RaiseOverdue", "true").UseSetting("ServiceLevels:OverdueCheckInterval", "00:00:00.100");
        await using (var first = Fixture.Factory.WithWebHostBuilder(Looking))
        await using (var second = Fixture.Factory.WithWebHostBuilder(Looking))
        {
            first.StartServer();
            second.StartServer();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await OverdueEventsAsync() < referrals && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            // Both keep looking for a while: nothing more may be raised.
            await Task.Delay(1000);
        }

        var emitted = await OverdueEventsAsync();
        var distinct = await Api.CountAsync("(SELECT DISTINCT referral_id FROM referral_events WHERE type = 'referral.decision-overdue') AS d");
        Console.WriteLine($"overdue events: instances 2, expected {referrals}, emitted {emitted}, duplicates {emitted - distinct}");
        Assert.Equal((referrals, referrals), (emitted, distinct));
        Assert.Equal(0, await Api.CountAsync($"referral_events WHERE referral_id = '{accepted.Id}' AND type LIKE '%overdue'"));

        var overdue = await Api.GetAsync(ids[0]);
        var clock = overdue.Json.GetProperty("clock");
        Assert.True(clock.GetProperty("overdue").GetBoolean());
        Assert.Equal(2, clock.GetProperty("workingDaysOverdue").GetInt32()); // Friday 29 January and Monday 1 February
        Assert.Equal(versionBefore, overdue.Json.GetProperty("version").GetInt32());

        using var feed = await Client.GetAsync(new Uri("/api/v1/events?limit=100", UriKind.Relative));
        var types = JsonDocument.Parse(await feed.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(referrals, types.Count(t => t == "referral.decision-overdue"));
        Assert.Equal(referrals, await Api.CountAsync("audit_events WHERE action = 'referral.decision-overdue' AND client_id = 'system'"));
    }

    private static (string?, int) Clock(Referral referral) =>
        (referral.Json.GetProperty("clock").GetProperty("awaiting").GetString(), referral.Json.GetProperty("clock").GetProperty("targetWorkingDays").GetInt32());

    private Task<long> OverdueEventsAsync() => Api.CountAsync("referral_events WHERE type = 'referral.decision-overdue'");

    private async Task<List<Guid>> ListAsync(string query)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }
}
