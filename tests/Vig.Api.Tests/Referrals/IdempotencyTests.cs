using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

public sealed class IdempotencyTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Retry_WithTheSameKeyAndBody_ReturnsTheFirstAnswer_WithoutCreatingAgain()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await PostReferralAsync(key, ReferralApi.EligibleBody());
        using var retry = await PostReferralAsync(key, ReferralApi.EligibleBody());

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task SameKey_WithADifferentBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await PostReferralAsync(key, ReferralApi.EligibleBody());
        var other = ReferralApi.EligibleBody();
        other["concernAccount"] = "Something else.";

        using var reused = await PostReferralAsync(key, other);

        var problem = await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("idempotency.key-reused", problem.GetProperty("code").GetString());
        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task SameKey_WhileTheFirstRequestRunsLongerThanTheWait_Returns409_AndOnceItEndsTheKeyIsFree()
    {
        var key = Guid.NewGuid().ToString();
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var running = await connection.BeginTransactionAsync())
        {
            // What a request in flight holds: its transaction's lock on (client, key).
            await using var hold = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(length($1) || ':' || $1 || $2, 0))", connection, running);
            hold.Parameters.AddWithValue(TestTokens.DefaultClient);
            hold.Parameters.AddWithValue(key);
            await hold.ExecuteNonQueryAsync();

            using var response = await PostReferralAsync(key, ReferralApi.EligibleBody());

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal("idempotency.in-flight", problem.GetProperty("code").GetString());
            Assert.Equal(0, await Api.CountAsync("referrals"));
        }

        using var afterwards = await PostReferralAsync(key, ReferralApi.EligibleBody());
        Assert.Equal(HttpStatusCode.Created, afterwards.StatusCode);
    }

    [Fact]
    public async Task KeyWithAControlCharacter_Returns400_AndTouchesNothing()
    {
        // A tab may travel in a header value, but no key needs one: keys are printable ASCII.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "key\twith-a-tab");

        using var response = await Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("idempotency.key-invalid", problem.GetProperty("code").GetString());
        Assert.Equal((0, 0), (await Api.CountAsync("referrals"), await Api.CountAsync("idempotency_keys")));
    }

    [Fact]
    public async Task AnonymousPost_WithAKey_Answers401_AndWritesNoKey()
    {
        using var anonymous = Fixture.Factory.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
            request.Headers.Add("Idempotency-Key", "anonymous-key");
            using var response = await anonymous.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(0, await Api.CountAsync("idempotency_keys"));
    }

    [Fact]
    public async Task PostWithAKey_BeyondTheCallersScopes_Answers403_AndWritesNoKey()
    {
        var referral = await Api.CreateAsync();
        using var submitter = Fixture.CreateClient(TestTokens.DefaultClient, Vig.Application.Common.Scopes.Submit, Vig.Application.Common.Scopes.Read);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{referral.Id}/accept");
        request.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
        request.Headers.Add("Idempotency-Key", "not-allowed");

        using var response = await submitter.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await Api.CountAsync("idempotency_keys"));
    }

    [Fact]
    public async Task TwentyConcurrentPosts_WithOneKey_CreateExactlyOneReferral_AndAllGetTheSameAnswer()
    {
        var key = Guid.NewGuid().ToString();
        var body = ReferralApi.EligibleBody(submit: true).ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var client = Fixture.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        // Duplicates wait for the first request's commit and answer with its result.
        Assert.Equal(1, await Api.CountAsync("referrals"));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task ValidationFailure_IsNotKept_SoTheSameKeyCanBeRetriedWithACorrectedBody()
    {
        var key = Guid.NewGuid().ToString();
        var bad = ReferralApi.EligibleBody();
        bad["referrer"]!["name"] = "";

        using var rejected = await PostReferralAsync(key, bad);
        using var corrected = await PostReferralAsync(key, ReferralApi.EligibleBody());

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal(1, await Api.CountAsync("idempotency_keys"));
    }

    [Fact]
    public async Task Transition_RetriedWithTheSameKey_ReplaysInsteadOfFailingOnTheOldVersion()
    {
        var referral = await Api.CreateAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await Api.PostAsync(referral.Id, "submit", referral.ETag, idempotencyKey: key);
        using var retry = await Api.PostAsync(referral.Id, "submit", referral.ETag, idempotencyKey: key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(2, await Api.CountItemsAsync("history"));
    }

    [Fact]
    public async Task Keys_AreScopedToTheCallingClient()
    {
        var key = Guid.NewGuid().ToString();
        using var other = Fixture.CreateClient("case-system-b", Vig.Application.Common.Scopes.Submit, Vig.Application.Common.Scopes.Read);
        using var otherRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        otherRequest.Headers.Add("Idempotency-Key", key);

        using var mine = await PostReferralAsync(key, ReferralApi.EligibleBody());
        using var theirs = await other.SendAsync(otherRequest);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (mine.StatusCode, theirs.StatusCode));
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
        Assert.Equal(2, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task KeyLongerThan255Characters_Returns400()
    {
        using var response = await PostReferralAsync(new string('k', 256), ReferralApi.EligibleBody());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("idempotency.key-too-long", problem.GetProperty("code").GetString());
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    private async Task<HttpResponseMessage> PostReferralAsync(string key, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }
}
