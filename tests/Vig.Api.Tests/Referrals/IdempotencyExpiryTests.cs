using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Referrals;

/// <summary>A stored answer is replayed for Idempotency:Retention and no longer: after that the key is free again.</summary>
public sealed class IdempotencyExpiryTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Key_WhoseAnswerHasExpired_RunsTheRequestAgain_AndThenReplaysTheNewAnswer()
    {
        var clock = Fixture.Factory.Clock;
        var retention = Fixture.Factory.Services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Retention;
        var key = Guid.NewGuid().ToString();
        clock.Freeze();
        using var first = await PostAsync(key);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        clock.Advance(retention - TimeSpan.FromMinutes(1));
        using var live = await PostAsync(key);
        Assert.Equal(first.Headers.Location, live.Headers.Location);
        Assert.Equal("true", live.Headers.GetValues("Idempotent-Replayed").Single());

        clock.Advance(TimeSpan.FromMinutes(2));
        using var again = await PostAsync(key);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2, await Api.CountAsync("referrals"));

        // The new answer replaced the expired one: it is the one replayed now.
        clock.Advance(TimeSpan.FromMinutes(1));
        using var replayed = await PostAsync(key);
        Assert.Equal(again.Headers.Location, replayed.Headers.Location);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, await Api.CountAsync("referrals"));
    }

    private async Task<HttpResponseMessage> PostAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response;
    }
}
