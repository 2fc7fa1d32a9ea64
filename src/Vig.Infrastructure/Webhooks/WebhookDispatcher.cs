using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.Webhooks;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// Delivers queued events to subscribers (docs/decisions/0019). Any number of instances run one
/// each: a dispatcher claims due deliveries with FOR UPDATE SKIP LOCKED and, in the same short
/// transaction, moves their next attempt a lease ahead, so no other dispatcher takes them while it
/// calls the receiver, and no transaction stays open during the call (which would hold back the
/// event feed, ADR 0018). The outcome is written afterwards: delivered; retried later with
/// exponential backoff and jitter; dead after the retry window or at once on 410 Gone.
/// </summary>
internal sealed partial class WebhookDispatcher(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    IEventEnvelope envelope,
    SecretProtector secrets,
    WebhookOptions options,
    TimeProvider time,
    ServiceMetrics metrics,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    public const string TraceSource = "Vig.Webhooks";

    /// <summary>Each attempt is a trace of its own: the receiver's call and the outcome's statement under one span.</summary>
    private static readonly ActivitySource Traces = new(TraceSource);

    /// <summary>Deliveries completed by this instance (delivered or dead), for the benchmark and tests.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    private long _completed;

    // The deliveries this instance is attempting now, with their subscription and client.
    private readonly Dictionary<long, Claimed> _inFlight = [];
    private readonly Lock _gate = new();

    /// <summary>Deliveries claimed by this instance whose outcome is not written yet, released when it stops.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _held = new();

    /// <summary>
    /// After the loop has stopped (its attempts cancelled), the deliveries still claimed are made due
    /// at once, so another instance sends them now instead of after the lease (AttemptTimeout x 3 + 30 s).
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var held = _held.Keys.ToArray();
        if (held.Length == 0)
        {
            return;
        }

        try
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE webhook_deliveries SET next_attempt_at = clock_timestamp() WHERE id = ANY($1) AND state = 'pending' AND next_attempt_at > clock_timestamp()");
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = held });
            var released = await command.ExecuteNonQueryAsync(cancellationToken);
            LogReleased(logger, released);
            _held.Clear();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Their lease still ends, so they are sent later all the same.
            LogNotReleased(logger, held.Length, e.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Dispatch || !secrets.HasKey)
        {
            return;
        }

        // Attempts are not awaited as a batch: each ends on its own, and its slot is refilled at once,
        // so one slow receiver never holds back the deliveries claimed beside it.
        var running = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.UnionWith(await StartDueAsync(stoppingToken));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogDatabaseAway(logger, e.GetType().Name);
            }
#pragma warning disable CA1031 // A failure here must not stop the host (a BackgroundService's exception does): log it and carry on.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogUnexpected(logger, e);
            }
#pragma warning restore CA1031

            running.RemoveWhere(t => t.IsCompleted);
            try
            {
                // Wake when an attempt ends (a slot is free) or the poll interval has passed.
                await Task.WhenAny([.. running, Task.Delay(options.PollInterval, stoppingToken)]).WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
            // Stopping: an attempt cut short keeps its lease and is tried again, here or elsewhere.
        }
    }

    /// <summary>Claims the due deliveries this instance has room for, attempts them, and waits for those attempts; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var attempts = await StartDueAsync(cancellationToken);
        await Task.WhenAll(attempts);
        return attempts.Count;
    }

    // Claims what fits in the free slots, one delivery per client and statement, skipping clients and
    // subscriptions that have their share in flight here, and starts each attempt without waiting.
    private async Task<List<Task>> StartDueAsync(CancellationToken cancellationToken)
    {
        var attempts = new List<Task>();
        while (true)
        {
            int room;
            Guid[] fullSubscriptions;
            string[] fullClients;
            lock (_gate)
            {
                room = options.MaxInFlight - _inFlight.Count;
                fullSubscriptions = [.. _inFlight.Values.CountBy(d => d.SubscriptionId).Where(c => c.Value >= options.MaxInFlightPerSubscription).Select(c => c.Key)];
                fullClients = [.. _inFlight.Values.CountBy(d => d.ClientId).Where(c => c.Value >= options.MaxInFlightPerClient).Select(c => c.Key)];
            }

            var claimed = room > 0 ? await ClaimAsync(room, fullSubscriptions, fullClients, cancellationToken) : [];
            if (claimed.Count == 0)
            {
                return attempts;
            }

            foreach (var delivery in claimed)
            {
                lock (_gate)
                {
                    _inFlight[delivery.Id] = delivery;
                }

                attempts.Add(AttemptInSlotAsync(delivery, cancellationToken));
            }
        }
    }

    private async Task AttemptInSlotAsync(Claimed delivery, CancellationToken cancellationToken)
    {
        try
        {
            await AttemptAsync(delivery, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(delivery.Id);
            }
        }
    }

    private async Task<List<Claimed>> ClaimAsync(int room, Guid[] fullSubscriptions, string[] fullClients, CancellationToken cancellationToken)
    {
        // For each client with something due, one of its subscriptions at random and that
        // subscription's oldest due delivery: a client with many subscriptions, or one with a long
        // backlog, takes no more than its turn.
        await using var command = dataSource.CreateCommand(
            """
            WITH due AS (
                SELECT d.id, d.due_at
                  FROM (SELECT DISTINCT ON (s.client_id) s.id
                          FROM webhook_subscriptions s
                         WHERE s.active AND s.id <> ALL($3) AND s.client_id <> ALL($4)
                           AND EXISTS (SELECT FROM webhook_deliveries d
                                        WHERE d.subscription_id = s.id AND d.state = 'pending' AND d.next_attempt_at <= clock_timestamp())
                         ORDER BY s.client_id, random()) AS s
                 CROSS JOIN LATERAL (
                        SELECT d.id, d.next_attempt_at AS due_at FROM webhook_deliveries d
                         WHERE d.subscription_id = s.id AND d.state = 'pending' AND d.next_attempt_at <= clock_timestamp()
                         ORDER BY d.next_attempt_at, d.id
                         LIMIT 1
                           FOR UPDATE SKIP LOCKED) AS d
                 LIMIT $1
            )
            UPDATE webhook_deliveries d
               SET next_attempt_at = clock_timestamp() + $2, attempts = d.attempts + 1
              FROM due, webhook_subscriptions s, referral_events e
             WHERE d.id = due.id AND s.id = d.subscription_id AND e.position = d.event_position
            RETURNING d.id, d.attempts, d.window_start, s.id, s.url, s.secret_cipher,
                      e.id, e.type, e.occurred_at, e.referral_id, e.reference, e.status, e.version, e.owning_client, e.verdict, e.reason_code, e.outcome,
                      s.client_id, extract(epoch FROM clock_timestamp() - due.due_at)::float8
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = room });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.AttemptTimeout * 3 + TimeSpan.FromSeconds(30) });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = fullSubscriptions });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = fullClients });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<Claimed>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var referralEvent = new ReferralEvent(
                reader.GetGuid(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetGuid(9), reader.GetString(10),
                Enum.Parse<ReferralStatus>(reader.GetString(11)), reader.GetInt32(12), reader.GetString(13),
                Text(14) is { } verdict ? Enum.Parse<Verdict>(verdict) : null, Text(15), Text(16) is { } outcome ? Enum.Parse<ClosureOutcome>(outcome) : null);
            metrics.WebhookQueueAge(TimeSpan.FromSeconds(reader.GetDouble(18)));
            _held.TryAdd(reader.GetInt64(0), 0);
            claimed.Add(new Claimed(reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(3), reader.GetString(17), reader.GetString(4), reader.GetFieldValue<byte[]>(5), referralEvent));
        }

        return claimed;
    }

    private async Task AttemptAsync(Claimed delivery, CancellationToken cancellationToken)
    {
        using var activity = Traces.StartActivity("webhook attempt");
        activity?.SetTag("vig.webhook.subscription_id", delivery.SubscriptionId);
        activity?.SetTag("vig.webhook.event_type", delivery.Event.Type);
        activity?.SetTag("vig.webhook.attempt", delivery.Attempts);
        int? status = null;
        string? error = null;
        try
        {
            var body = envelope.Serialize(delivery.Event);
            var id = delivery.Event.Id.ToString();
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            // The CloudEvents HTTP binding's structured mode: the whole event is the body, and its media type says so.
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(secrets.Unprotect(delivery.SecretCipher, delivery.SubscriptionId), id, timestamp, body));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            error = e is HttpRequestException { HttpRequestError: var kind } ? $"request failed: {kind}" : "timed out";
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The secret cannot be read with the configured key (Webhooks__SecretKey changed): retried, then a dead letter.
            error = "cannot sign: the secret is not readable with the configured key";
        }

        await RecordAsync(delivery, status, error, cancellationToken);
        _held.TryRemove(delivery.Id, out _);
    }

    private async Task RecordAsync(Claimed delivery, int? status, string? error, CancellationToken cancellationToken)
    {
        var delivered = status is >= 200 and < 300;
        var gone = status == (int)HttpStatusCode.Gone;
        var delay = RetryDelay(delivery.Attempts);
        await using var command = dataSource.CreateCommand(
            """
            WITH outcome AS (
                UPDATE webhook_deliveries d
                   SET state = CASE WHEN $2 THEN 'delivered'
                                    WHEN $3 OR clock_timestamp() + $4 > d.window_start + $5 THEN 'dead'
                                    ELSE 'pending' END,
                       next_attempt_at = clock_timestamp() + $4,
                       last_status = $6, last_error = $7,
                       finished_at = CASE WHEN $2 OR $3 OR clock_timestamp() + $4 > d.window_start + $5 THEN clock_timestamp() END
                 WHERE d.id = $1 AND (d.state = 'pending' OR $2)
             RETURNING d.subscription_id, d.state, d.window_start
            ),
            subscription AS (
            UPDATE webhook_subscriptions s
               SET last_success_at = CASE WHEN o.state = 'delivered' THEN clock_timestamp() ELSE s.last_success_at END,
                   active = CASE WHEN $3 THEN false
                                 WHEN o.state = 'dead' AND coalesce(s.last_success_at, '-infinity') < o.window_start THEN false
                                 ELSE s.active END,
                   disabled_reason = CASE WHEN $3 THEN 'The receiver answered 410 Gone.'
                                          WHEN o.state = 'dead' AND coalesce(s.last_success_at, '-infinity') < o.window_start THEN 'No delivery succeeded for a whole retry window.'
                                          ELSE s.disabled_reason END
              FROM outcome o
             WHERE s.id = o.subscription_id
            RETURNING s.id, s.active, o.state
            ),
            -- A disabled subscription sends nothing more: what it still had queued ends as dead letters
            -- (each can be replayed once the receiver is back).
            ended AS (
            UPDATE webhook_deliveries p
               SET state = 'dead', finished_at = clock_timestamp(), last_error = 'not sent: the subscription was disabled'
              FROM subscription
             WHERE NOT subscription.active AND p.subscription_id = subscription.id AND p.state = 'pending' AND p.id <> $1
            )
            SELECT state FROM subscription
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = delivery.Id });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = delivered });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = gone });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = delay });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.RetryWindow });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)(error ?? (delivered ? null : $"HTTP {status}")) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        var state = (string?)await command.ExecuteScalarAsync(cancellationToken);
        metrics.WebhookDelivery(state switch { "delivered" or "dead" => state, "pending" => "retry", _ => "dropped" });
        if (state is "delivered" or "dead")
        {
            Interlocked.Increment(ref _completed);
        }

        if (state == "dead")
        {
            LogDeadLetter(logger, delivery.Event.Id, delivery.SubscriptionId, delivery.Attempts);
        }
    }

    /// <summary>FirstRetryDelay doubled per attempt, at most MaxRetryDelay, then between half and all of it ("equal jitter").</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var full = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30)), options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + (Random.Shared.NextDouble() * full / 2));
    }

    private sealed record Claimed(long Id, int Attempts, Guid SubscriptionId, string ClientId, string Url, byte[] SecretCipher, ReferralEvent Event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatcher: the database is away ({Error}); trying again shortly.")]
    private static partial void LogDatabaseAway(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook dispatcher stopping: released {Count} claimed deliveries for the other instances.")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatcher stopping: could not release {Count} claimed deliveries ({Error}); they are sent after their lease.")]
    private static partial void LogNotReleased(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook dispatcher: an unexpected failure; trying again shortly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery of event {EventId} to subscription {SubscriptionId} is a dead letter after {Attempts} attempts.")]
    private static partial void LogDeadLetter(ILogger logger, Guid eventId, Guid subscriptionId, int attempts);
}
