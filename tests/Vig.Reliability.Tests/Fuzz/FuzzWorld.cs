using System.Text.Json.Nodes;
using Vig.Reliability.Tests.Fixtures;

namespace Vig.Reliability.Tests.Fuzz;

/// <summary>A referral a case acts on, as the API last answered it.</summary>
internal sealed record FuzzTarget(string Id, string ETag, int Version, string? ConsentId);

/// <summary>
/// The referrals the hostile requests act on: one per endpoint, in the state where its valid
/// request succeeds. A case that succeeds (changes its target) gets a fresh one, so every case
/// meets the same world and a seed replays the same requests.
/// </summary>
internal sealed class FuzzWorld(HttpClient client)
{
    private readonly Dictionary<string, FuzzTarget> _targets = new(StringComparer.Ordinal);

    public async Task PrepareAsync()
    {
        foreach (var endpoint in WriteEndpoint.All.Where(e => e.Target != TargetState.None))
        {
            await RebuildAsync(endpoint);
        }
    }

    public FuzzTarget? TargetFor(WriteEndpoint endpoint) =>
        _targets.TryGetValue(endpoint.Name, out var target) ? target : null;

    public async Task RebuildAsync(WriteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Target == TargetState.None)
        {
            return;
        }

        var answer = await ExpectAsync(() => Bodies.Post(Bodies.Referrals, Bodies.Referral("fuzz-target", submit: endpoint.Target != TargetState.Draft)), 201);
        if (endpoint.Target >= TargetState.Eligible)
        {
            answer = await ExpectAsync(() => Bodies.Post($"{Bodies.Referrals}/{answer.Id}/consents", Bodies.MotherConsent(), ifMatch: answer.ETag), 201);
        }

        if (endpoint.Target >= TargetState.Accepted)
        {
            answer = await ExpectAsync(() => Bodies.Post($"{Bodies.Referrals}/{answer.Id}/accept", null, ifMatch: answer.ETag), 200);
        }

        if (endpoint.Target >= TargetState.Allocated)
        {
            answer = await ExpectAsync(() => Bodies.Post($"{Bodies.Referrals}/{answer.Id}/allocate", new JsonObject { ["practitioner"] = "Practitioner One" }, ifMatch: answer.ETag), 200);
        }

        var json = answer.Json();
        var consents = json.GetProperty("consents");
        _targets[endpoint.Name] = new FuzzTarget(
            answer.Id,
            answer.ETag!,
            json.GetProperty("version").GetInt32(),
            consents.GetArrayLength() > 0 ? consents[0].GetProperty("id").GetString() : null);
    }

    /// <summary>
    /// Sends a preparing request with an Idempotency-Key, and sends it once more with the same key
    /// if the connection drops: after a refused hostile request the server may close a kept-alive
    /// connection, and the key makes the resend safe whether or not the first one ran.
    /// </summary>
    private async Task<Answer> ExpectAsync(Func<HttpRequestMessage> build, int status)
    {
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Keyed()
        {
            var request = build();
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        Answer answer;
        try
        {
            answer = await Answer.SendAsync(client, Keyed());
        }
        catch (HttpRequestException)
        {
            answer = await Answer.SendAsync(client, Keyed());
        }

        return answer.Status == status && answer.ETag is not null
            ? answer
            : throw new InvalidOperationException($"Preparing a fuzz target failed: {answer}");
    }
}
