using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Microsoft.Extensions.DependencyInjection;
using Vig.Infrastructure.Webhooks;

namespace Vig.Api.Tests.Events;

/// <summary>
/// Deliveries to a real receiver on loopback, by dispatchers running in API hosts of their own
/// (the shared host's is off): retries with the same webhook-id and valid signatures, dead letters
/// and replay, 410, connect-time SSRF refusal, two dispatchers delivering each event once.
/// </summary>
public sealed class WebhookDeliveryTests(ApiFixture api) : ApiTestBase(api)
{
    private WebApplicationFactory<Program> Dispatcher(string window = "01:00:00", bool allowPrivate = true, bool running = true, int perSubscription = 4)
    {
        var host = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Webhooks:MaxInFlightPerSubscription", perSubscription.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Webhooks:Dispatch", running ? "true" : "false")
            .UseSetting("Webhooks:PollInterval", "00:00:00.050")
            .UseSetting("Webhooks:FirstRetryDelay", "00:00:00.100")
            .UseSetting("Webhooks:MaxRetryDelay", "00:00:00.300")
            .UseSetting("Webhooks:AttemptTimeout", "00:00:02")
            .UseSetting("Webhooks:RetryWindow", window)
            .UseSetting("Webhooks:AllowPrivateNetworks", allowPrivate ? "true" : "false"));
        host.StartServer();
        return host;
    }

    private Task<(Guid Id, string Secret)> SubscribeAsync(string url, params string[] types) => SubscribeAsync(Client, url, types);

    private static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient client, string url, params string[] types)
    {
        using var response = await client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(WebhookSubscriptionTests.Body(url, types)));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (json.GetProperty("subscription").GetProperty("id").GetGuid(), json.GetProperty("secret").GetString()!);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("Timed out waiting for " + what);
    }

    [Fact]
    public async Task AReceiverThatFailsTwice_GetsTheEventOnTheThirdAttempt_WithTheSameIdAndValidSignatures()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = attempt => attempt <= 2 ? 500 : 204;
        var (_, secret) = await SubscribeAsync(receiver.Url, "referral.accepted");
        await using var dispatcher = Dispatcher();

        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await Api.ChangeAsync(referral, "accept");
        await WaitForAsync(() => Task.FromResult(receiver.Deliveries.Count >= 3), "three attempts");
        await Task.Delay(300);

        var deliveries = receiver.Deliveries.ToList();
        Assert.Equal(3, deliveries.Count);
        Assert.Single(deliveries.Select(d => d.Id).Distinct());
        foreach (var d in deliveries)
        {
            Assert.Equal(WebhookSignature.Sign(secret, d.Id, long.Parse(d.Timestamp, System.Globalization.CultureInfo.InvariantCulture), d.Body), d.Signature);
            var cloudEvent = JsonDocument.Parse(d.Body).RootElement;
            Assert.Equal(d.Id, cloudEvent.GetProperty("id").GetString());
            Assert.Equal("referral.accepted", cloudEvent.GetProperty("type").GetString());
            Assert.Equal(referral.Id, cloudEvent.GetProperty("data").GetProperty("referralId").GetGuid());
        }

        // The body is the feed's own event, byte for byte the same JSON.
        var feed = await EventFeedTests.PageAsync(Client, null, 100);
        Assert.Equal(deliveries[0].Body, feed.Items.Single(e => e.GetProperty("id").GetString() == deliveries[0].Id).GetRawText());
        Assert.Equal(1, await Api.CountAsync("webhook_deliveries WHERE state = 'delivered' AND attempts = 3"));
        Assert.True(deliveries[1].At - deliveries[0].At >= TimeSpan.FromMilliseconds(50), "a retry waits its backoff");
    }

    [Fact]
    public async Task AReceiverDownPastTheWindow_EndsInTheDeadLetters_AndAReplayDeliversIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var (subscription, secret) = await SubscribeAsync(receiver.Url, "referral.created");
        await using (var dispatcher = Dispatcher(window: "00:00:01.500"))
        {
            await Api.CreateAsync();
            await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'dead'") == 1, "a dead letter");
        }

        var letters = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters", UriKind.Relative));
        var letter = Assert.Single(letters.EnumerateArray());
        Assert.Equal(("referral.created", 503), (letter.GetProperty("type").GetString(), letter.GetProperty("lastStatus").GetInt32()));
        Assert.True(letter.GetProperty("attempts").GetInt32() >= 3, letters.GetRawText());
        var listed = (await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative)))[0];
        Assert.False(listed.GetProperty("active").GetBoolean());
        var attemptsWhileDown = receiver.Deliveries.Count;

        // Back up: replay it.
        receiver.Answer = _ => 200;
        var eventId = letter.GetProperty("eventId").GetGuid();
        using (var replay = await Client.PostAsync(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters/{eventId}/replay", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
        }

        await using (var dispatcher = Dispatcher())
        {
            await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'delivered'") == 1, "the replayed delivery");
        }

        var last = receiver.Deliveries.Last();
        Assert.Equal(attemptsWhileDown + 1, receiver.Deliveries.Count);
        Assert.Equal(eventId.ToString(), last.Id);
        Assert.Equal(WebhookSignature.Sign(secret, last.Id, long.Parse(last.Timestamp, System.Globalization.CultureInfo.InvariantCulture), last.Body), last.Signature);
        Assert.Equal("[]", await Client.GetStringAsync(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters", UriKind.Relative)));
        Assert.True((await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative)))[0].GetProperty("active").GetBoolean());
        using var unknown = await Client.PostAsync(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters/{eventId}/replay", UriKind.Relative), null);
        Assert.Equal("webhook.dead-letter-not-found", (await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A410_DisablesTheSubscription_AtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 410;
        var (subscription, _) = await SubscribeAsync(receiver.Url, "referral.created");
        await using var dispatcher = Dispatcher();

        await Api.CreateAsync();
        await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'dead'") == 1, "a dead letter");
        await Api.CreateAsync();
        await Task.Delay(300);

        var listed = (await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative)))[0];
        Assert.False(listed.GetProperty("active").GetBoolean());
        Assert.Contains("410", listed.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Single(receiver.Deliveries);
        Assert.Single((await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters", UriKind.Relative))).EnumerateArray());
    }

    [Fact]
    public async Task AtDelivery_AHostResolvingToAnInternalAddress_IsRefusedAtConnect()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), "referral.created");
        await using var dispatcher = Dispatcher(window: "00:00:01", allowPrivate: false);

        await Api.CreateAsync();
        await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'dead'") == 1, "a dead letter");

        Assert.Empty(receiver.Deliveries);
        Assert.Equal(1, await Api.CountAsync("webhook_deliveries WHERE last_status IS NULL AND last_error LIKE 'request failed%'"));
    }

    [Fact]
    public async Task AtDelivery_AnIPv6LiteralEmbeddingLoopback_IsRefusedAtConnect()
    {
        // ::ffff:127.0.0.1 reaches the receiver on 127.0.0.1 if let through (the only embedding form that stays on this machine).
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver.Url.Replace("127.0.0.1", "[::ffff:127.0.0.1]", StringComparison.Ordinal), "referral.created");
        await using var dispatcher = Dispatcher(window: "00:00:01", allowPrivate: false);

        await Api.CreateAsync();
        await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'dead'") == 1, "a dead letter");

        Assert.Empty(receiver.Deliveries);
        Assert.Equal(1, await Api.CountAsync("webhook_deliveries WHERE last_status IS NULL AND last_error LIKE 'request failed%'"));
    }

    [Fact]
    public async Task TwoDispatchers_DeliverEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver.Url, "referral.created", "referral.withdrawn");
        await using var first = Dispatcher();
        await using var second = Dispatcher();

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.CreateAsync()));
        foreach (var referral in created.Take(10))
        {
            await Api.ChangeAsync(referral, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));
        }

        await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'delivered'") == 30, "30 deliveries");
        await Task.Delay(500);

        var ids = receiver.Deliveries.Select(d => d.Id).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
        var first1 = first.Services.GetRequiredService<WebhookDispatcher>().Completed;
        var second1 = second.Services.GetRequiredService<WebhookDispatcher>().Completed;
        Assert.Equal(30, first1 + second1);
    }

    [Fact]
    public async Task TwoDispatchers_ClaimingFromOneBacklogAtTheSameMoment_DeliverEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver.Url, "referral.created");
        await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Api.CreateAsync()));
        await using var firstHost = Dispatcher(running: false);
        await using var secondHost = Dispatcher(running: false);
        var first = firstHost.Services.GetRequiredService<WebhookDispatcher>();
        var second = secondHost.Services.GetRequiredService<WebhookDispatcher>();

        var rounds = 0;
        while (await Api.CountAsync("webhook_deliveries WHERE state = 'pending'") > 0 && rounds++ < 20)
        {
            await Task.WhenAll(first.RunOnceAsync(CancellationToken.None), second.RunOnceAsync(CancellationToken.None));
        }

        var ids = receiver.Deliveries.Select(d => d.Id).ToList();
        Assert.Equal(60, ids.Distinct().Count());
        Assert.Equal(60, ids.Count);
        Assert.True(first.Completed > 0 && second.Completed > 0, $"both took a share: {first.Completed} and {second.Completed}");
    }

    [Fact]
    public async Task ASlowReceiver_DelaysOnlyItsOwnClientsDeliveries()
    {
        // Client A: 20 subscriptions at a receiver slower than the 2 s attempt timeout. Client B: one
        // at a prompt receiver. B's deliveries must not wait behind A's timeouts.
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(3);
        await using var prompt = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            await SubscribeAsync(slow.Url, "referral.created");
        }

        using var clientB = Fixture.CreateClient().As("webhook-client-b", Scopes.Read, Scopes.Decide);
        await SubscribeAsync(clientB, prompt.Url, "referral.created");
        await using var dispatcher = Dispatcher();

        var lateness = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var before = prompt.Deliveries.Count;
            var created = DateTimeOffset.UtcNow;
            await Api.CreateAsync();
            await WaitForAsync(() => Task.FromResult(prompt.Deliveries.Count > before), "client B's delivery");
            lateness.Add(prompt.Deliveries.Last().At - created);
        }

        Assert.True(slow.Deliveries.Count >= 10, $"client A's receiver was called {slow.Deliveries.Count} times");
        Assert.True(lateness.Max() < TimeSpan.FromSeconds(2), $"client B's deliveries took {string.Join(", ", lateness.Select(l => $"{l.TotalSeconds:0.00} s"))}");
    }

    [Fact]
    public async Task ADisabledSubscription_EndsWhatItHadQueued_AsDeadLetters()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 410;
        var (subscription, _) = await SubscribeAsync(receiver.Url, "referral.created");
        for (var i = 0; i < 3; i++)
        {
            await Api.CreateAsync();
        }

        await using var dispatcher = Dispatcher(perSubscription: 1);
        await WaitForAsync(async () => await Api.CountAsync("webhook_deliveries WHERE state = 'dead'") == 3, "three dead letters");

        Assert.Single(receiver.Deliveries);
        Assert.Equal(0, await Api.CountAsync("webhook_deliveries WHERE state = 'pending'"));
        Assert.Equal(2, await Api.CountAsync("webhook_deliveries WHERE last_error = 'not sent: the subscription was disabled'"));
        Assert.Equal(3, (await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/webhook-subscriptions/{subscription}/dead-letters", UriKind.Relative))).GetArrayLength());
    }

    [Fact]
    public async Task EachDelivery_IsAStructuredCloudEvent_AsTheOfficialSdkReadsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver.Url, "referral.created");
        await using var dispatcher = Dispatcher();
        await Api.CreateAsync();
        await WaitForAsync(() => Task.FromResult(!receiver.Deliveries.IsEmpty), "a delivery");
        var delivery = receiver.Deliveries.Single();
        Assert.StartsWith("application/cloudevents+json", delivery.ContentType, StringComparison.Ordinal);

        // The npm package cloudevents: the CloudEvents project's JavaScript SDK.
        await NodePackages.EnsureAsync();
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { headers = new Dictionary<string, string> { ["content-type"] = delivery.ContentType }, body = delivery.Body }));
            var start = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("tests/Vig.Api.Tests/Events/cloudevents-check.mjs");
            start.ArgumentList.Add(file);
            using var node = System.Diagnostics.Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(node.ExitCode == 0, $"The CloudEvents SDK refused the delivery (needs Node.js and npm ci):\n{output}");
            Assert.Contains("cloudevents: structured 1.0 referral.created", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
