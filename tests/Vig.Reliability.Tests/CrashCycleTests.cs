using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vig.Reliability.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vig.Reliability.Tests;

/// <summary>
/// PostgreSQL dies under load: a client posts referrals with Idempotency-Keys without pause while
/// the postmaster is killed with SIGKILL and restarted, three times. Then every request not
/// answered 201 is retried with its key. Every write must end acknowledged exactly once, none
/// lost; during an outage the API may only answer 503 with Retry-After, or 201 for a request
/// that committed.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class CrashCycleTests(ReliabilitySuite suite, ITestOutputHelper output)
{
    private const int Cycles = 3;
    private const int Writers = 4;
    private const int MaxWrites = 4000;
    private const int AcknowledgedBetweenCrashes = 20;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Writes_survive_three_postmaster_kills_with_none_lost_and_none_duplicated()
    {
        await using var cluster = await CrashableCluster.StartAsync();
        await using var api = new ReliabilityApiFactory(cluster.ConnectionString);
        api.StartServer();
        using var client = api.CreateApiClient(connections: Writers);
        var run = new WriteRun(client);
        var outages = new List<(DateTime From, DateTime To)>();

        using (var stop = new CancellationTokenSource())
        {
            var writers = Enumerable.Range(0, Writers).Select(_ => run.WriteUntilAsync(stop.Token)).ToArray();
            try
            {
                for (var cycle = 0; cycle < Cycles; cycle++)
                {
                    await run.WaitForAcknowledgedAsync(run.Acknowledged + AcknowledgedBetweenCrashes, PhaseLimit);
                    var from = DateTime.UtcNow;
                    var killed = Stopwatch.StartNew();
                    await cluster.KillPostmasterAsync();
                    if (killed.Elapsed < Outage)
                    {
                        await Task.Delay(Outage - killed.Elapsed); // the outage the issue asks for, not a wait for an outcome
                    }

                    await cluster.RestartAsync();
                    outages.Add((from, DateTime.UtcNow));
                }

                await run.WaitForAcknowledgedAsync(run.Acknowledged + AcknowledgedBetweenCrashes, PhaseLimit);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }
        }

        var retried = await run.RetryUnacknowledgedAsync(RetryLimit);
        var (lost, duplicated) = await run.CountLostAndDuplicatedAsync(cluster.ConnectionString);

        var writes = run.Writes.ToArray();
        bool DuringOutage(Write w) => outages.Any(o => w.Sent <= o.To && w.Answered >= o.From);
        var outageAnswers = writes.Where(DuringOutage).Select(w => w.First).ToArray();
        var wrongAnswers = writes.Where(w => w.First.Status != 201 && !w.First.IsOutageAnswer).ToArray();
        var acknowledged = writes.Count(w => w.Final?.Status == 201);
        var unacknowledged = writes.Length - acknowledged;

        suite.Figures.Set("1 crash a", $"crash cycles: {outages.Count} (postmaster kill -9, ~{Outage.TotalSeconds:0} s outage, restart on the same port)");
        suite.Figures.Set("1 crash b", $"writes: {writes.Length} sent, acknowledged {acknowledged}, lost {lost} (must be 0), duplicated {duplicated} (must be 0), unacknowledged after retry {unacknowledged} (must be 0); {retried} retried with their key");
        suite.Figures.Set("1 crash c", $"answers during the outages: {Describe(outageAnswers)}; other first answers not 201: {Describe(writes.Where(w => !DuringOutage(w) && w.First.Status != 201).Select(w => w.First))}");
        suite.Figures.Set("1 crash d", $"final answers after retry: {ConcurrencyTests.ByStatus(writes.Select(w => w.Final ?? w.First))}");
        suite.Figures.AddServerErrors("crash", writes.Count(w => w.First.Status >= 500 && !w.First.IsOutageAnswer) + writes.Count(w => w.Retries > 0 && w.Final is { Status: >= 500 } final && !final.IsOutageAnswer));
        suite.Publish(output);
        foreach (var error in api.Errors.Summary().Take(8))
        {
            output.WriteLine("server error: " + error);
        }

        foreach (var write in wrongAnswers.Take(5))
        {
            output.WriteLine($"not an outage answer: {write.First}");
        }

        Assert.Multiple(
            () => Assert.Equal(Cycles, outages.Count),
            () => Assert.True(wrongAnswers.Length == 0, $"{wrongAnswers.Length} answers were neither 201 nor 503 with Retry-After: {Describe(wrongAnswers.Select(w => w.First))}"),
            () => Assert.True(unacknowledged == 0, $"{unacknowledged} writes were still not acknowledged after retrying with their key: {Describe(writes.Where(w => w.Final?.Status != 201).Select(w => w.Final ?? w.First))}"),
            () => Assert.True(lost == 0, $"{lost} acknowledged referrals are not in the database."),
            () => Assert.True(duplicated == 0, $"{duplicated} referrals were stored twice or more for one request."));
    }

    private static string Describe(IEnumerable<Answer> answers)
    {
        var list = answers.ToList();
        if (list.Count == 0)
        {
            return "none";
        }

        return string.Join(", ", list.GroupBy(a => a.Status switch
            {
                201 => "201",
                503 when a.IsOutageAnswer => "503 with Retry-After",
                _ => string.Create(CultureInfo.InvariantCulture, $"{a.Status}{(a.IsProblem ? string.Empty : " (not problem+json)")}"),
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} x{g.Count()}")));
    }

    /// <summary>One POST of the run: its marker, key and the answers it got.</summary>
    private sealed class Write(int number)
    {
        public string Marker { get; } = "crash-" + number.ToString(CultureInfo.InvariantCulture);

        public string Key { get; } = Guid.NewGuid().ToString();

        public DateTime Sent { get; set; }

        public DateTime Answered { get; set; }

        public Answer First { get; set; } = null!;

        public Answer? Final { get; set; }

        public int Retries { get; set; }
    }

    private sealed class WriteRun(HttpClient client)
    {
        private int _numbers;
        private int _acknowledged;

        public ConcurrentQueue<Write> Writes { get; } = new();

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        /// <summary>Posts new referrals until stopped or <see cref="MaxWrites"/> is reached; pauses briefly after a refusal, as a client would.</summary>
        public async Task WriteUntilAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var number = Interlocked.Increment(ref _numbers);
                if (number > MaxWrites)
                {
                    return;
                }

                var write = new Write(number) { Sent = DateTime.UtcNow };
                write.First = await SendAsync(write);
                write.Answered = DateTime.UtcNow;
                if (write.First.Status == 201)
                {
                    write.Final = write.First;
                    Interlocked.Increment(ref _acknowledged);
                }

                Writes.Enqueue(write);
                if (write.First.Status != 201)
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }

        /// <summary>Waits (bounded) until the writers have had <paramref name="target"/> writes acknowledged.</summary>
        public async Task WaitForAcknowledgedAsync(int target, TimeSpan limit)
        {
            var waited = Stopwatch.StartNew();
            while (Acknowledged < target && waited.Elapsed < limit && Volatile.Read(ref _numbers) < MaxWrites)
            {
                await Task.Delay(50);
            }
        }

        /// <summary>Retries every write not answered 201 with its own key and body until it is, within the time limit.</summary>
        public async Task<int> RetryUnacknowledgedAsync(TimeSpan limit)
        {
            var pending = Writes.Where(w => w.First.Status != 201).ToList();
            var waited = Stopwatch.StartNew();
            foreach (var write in pending)
            {
                do
                {
                    write.Retries++;
                    write.Final = await SendAsync(write);
                    if (write.Final.Status == 201)
                    {
                        break;
                    }

                    await Task.Delay(200);
                }
                while (write.Retries < 10 && waited.Elapsed < limit);
            }

            return pending.Count;
        }

        /// <summary>Lost: acknowledged but not stored. Duplicated: stored more than once for one write.</summary>
        public async Task<(int Lost, int Duplicated)> CountLostAndDuplicatedAsync(string connectionString)
        {
            var stored = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT child_external_case_id, id::text FROM referrals WHERE child_external_case_id LIKE 'crash-%'", connection);
            await using (var rows = await command.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    var marker = rows.GetString(0);
                    if (!stored.TryGetValue(marker, out var ids))
                    {
                        stored[marker] = ids = [];
                    }

                    ids.Add(rows.GetString(1));
                }
            }

            var lost = Writes.Count(w => w.Final?.Status == 201 && !(stored.TryGetValue(w.Marker, out var ids) && ids.Contains(w.Final.Id)));
            var duplicated = stored.Values.Sum(ids => ids.Count - 1);
            return (lost, duplicated);
        }

        private async Task<Answer> SendAsync(Write write)
        {
            try
            {
                return await Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, Bodies.Referral(write.Marker), write.Key));
            }
            catch (HttpRequestException ex)
            {
                // The API itself stays up; no answer at all is a finding, counted as status 0.
                return new Answer(0, null, ex.Message, null, false, null);
            }
        }
    }
}
