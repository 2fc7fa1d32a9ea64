using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel): it records every delivery and answers with the
/// status <see cref="Answer"/> gives for the delivery's attempt number (1 for the first delivery of a webhook-id).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>The status to answer, by the delivery's attempt number for its webhook-id.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>How long to wait before answering (a slow receiver).</summary>
    public TimeSpan Delay { get; set; }

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var attempt = receiver.Deliveries.Count(d => d.Id == id) + 1;
            receiver.Deliveries.Enqueue(new Delivery(id, http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow, http.Request.ContentType ?? string.Empty));
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay, CancellationToken.None);
            }

            http.Response.StatusCode = receiver.Answer(attempt);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Delivery(string Id, string Timestamp, string Signature, string Body, DateTimeOffset At, string ContentType);
}
