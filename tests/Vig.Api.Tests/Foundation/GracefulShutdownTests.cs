using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vig.Api.Tests.Events;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// How an instance stops (ADR 0025): readiness says 503 from the stop signal on while requests are
/// still served, the port stays open for the drain delay, and the webhook deliveries it had claimed
/// are handed back instead of waiting out their lease. The rolling restart behind HAProxy is
/// fleet/checks/rolling-restart.sh.
/// </summary>
public sealed class GracefulShutdownTests(ApiFixture api) : ApiTestBase(api)
{
    private VigApiFactory Instance(string drainDelay) =>
        new(Fixture.Postgres.ConnectionString, builder => builder
            .UseSetting("Database:MigrateOnStartup", "false")
            .UseSetting("Shutdown:DrainDelay", drainDelay));

    [Fact]
    public async Task Readiness_Answers503_OnceTheInstanceIsStopping_WhileRequestsAreStillServed()
    {
        await using var instance = Instance("00:00:03");
        using var client = instance.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        using (var before = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // What SIGTERM does first; the host then stops, after the drain delay.
        instance.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Stopping_KeepsServingForTheDrainDelay_ThenClosesThePort()
    {
        await using var instance = Instance("00:00:02");
        using var client = instance.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        client.DefaultRequestHeaders.ConnectionClose = true; // each request on a new connection, as a balancer's would be
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        var watch = Stopwatch.StartNew();
        var stopping = instance.Services.GetRequiredService<IHost>().StopAsync();
        await Task.Delay(500);
        using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        using (var list = await client.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        Assert.False(stopping.IsCompleted, "The instance stopped before its drain delay was over.");
        await stopping;
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"Stopped after {watch.Elapsed}, within the 2 s drain delay.");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("/health/live", UriKind.Relative)));
    }

    [Fact]
    public async Task Stopping_ReleasesTheWebhookDeliveriesItClaimed()
    {
        // A receiver that accepts the connection and never answers: the delivery stays claimed mid-attempt.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new ConcurrentBag<TcpClient>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptTcpClientAsync());
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The test is over and the listener stopped.
            }
        });
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook";
        using (var subscribed = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(WebhookSubscriptionTests.Body(url, "referral.created"))))
        {
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        }

        await using (var dispatcher = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Webhooks:Dispatch", "true")
            .UseSetting("Webhooks:PollInterval", "00:00:00.050")
            .UseSetting("Webhooks:AttemptTimeout", "00:00:30")))
        {
            dispatcher.StartServer();
            await Api.CreateAsync();
            var until = DateTime.UtcNow.AddSeconds(20);
            while (await Api.CountAsync("webhook_deliveries WHERE attempts = 1 AND next_attempt_at > clock_timestamp() + interval '10 seconds'") == 0)
            {
                Assert.True(DateTime.UtcNow < until, "The dispatcher did not claim the delivery.");
                await Task.Delay(50);
            }
        }

        // Due again at once for the other instances, not after the lease (AttemptTimeout x 3 + 30 s).
        Assert.Equal(1, await Api.CountAsync("webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= clock_timestamp()"));
        foreach (var connection in accepted)
        {
            connection.Dispose();
        }
    }
}
