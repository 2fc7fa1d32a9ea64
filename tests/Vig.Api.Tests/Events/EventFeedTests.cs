using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Events;

/// <summary>GET /events: the caller's events in feed order, a cursor that never skips an event that commits late (ADR 0018).</summary>
public sealed class EventFeedTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheFeed_ServesCloudEvents_InOrder_AndPagesThroughEachOnce()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        referral = await Api.ChangeAsync(referral, "accept");
        using (var refused = await Api.PostAsync(referral.Id, "submit", referral.ETag))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        var other = await Api.CreateAsync();

        var first = await PageAsync(Client, null, 2);
        var second = await PageAsync(Client, first.NextCursor, 2);
        var empty = await PageAsync(Client, second.NextCursor, 2);

        Assert.Equal(["referral.submitted", "referral.accepted"], first.Items.Select(e => e.GetProperty("type").GetString()));
        Assert.True(first.HasMore);
        Assert.Equal(["referral.created"], second.Items.Select(e => e.GetProperty("type").GetString()));
        Assert.False(second.HasMore);
        Assert.Empty(empty.Items);
        Assert.Equal(second.NextCursor, empty.NextCursor);

        var accepted = first.Items[1];
        Assert.Equal("1.0", accepted.GetProperty("specversion").GetString());
        Assert.Equal("/api/v1/referrals", accepted.GetProperty("source").GetString());
        Assert.Equal(referral.Id.ToString(), accepted.GetProperty("subject").GetString());
        Assert.Equal("application/json", accepted.GetProperty("datacontenttype").GetString());
        var data = accepted.GetProperty("data");
        Assert.Equal((referral.Id, "accepted", referral.Version, "case-system-a"), (data.GetProperty("referralId").GetGuid(), data.GetProperty("status").GetString(), data.GetProperty("version").GetInt32(), data.GetProperty("owningClient").GetString()));
        Assert.Equal(referral.Json.GetProperty("reference").GetString(), data.GetProperty("reference").GetString());
        Assert.Equal("eligible", first.Items[0].GetProperty("data").GetProperty("verdict").GetString());
        Assert.Equal(other.Id, second.Items[0].GetProperty("data").GetProperty("referralId").GetGuid());
    }

    [Fact]
    public async Task AClientWithoutDecide_SeesOnlyItsOwnReferralsEvents_TheVigTeamSeesAll()
    {
        using var clientB = Fixture.CreateClient("case-system-b", "referrals.submit", "referrals.read");
        using var readerA = Fixture.CreateClient("case-system-a", "referrals.read");
        using var team = Fixture.CreateClient("vig-team", "referrals.read", "referrals.decide");
        using var submitOnly = Fixture.CreateClient("case-system-a", "referrals.submit");
        var mine = await Api.CreateAsync();
        var theirs = await new ReferralApi(Fixture, clientB).CreateAsync();

        Assert.Equal([mine.Id], (await PageAsync(readerA, null, 100)).Items.Select(ReferralIdOf));
        Assert.Equal([theirs.Id], (await PageAsync(clientB, null, 100)).Items.Select(ReferralIdOf));
        Assert.Equal([mine.Id, theirs.Id], (await PageAsync(team, null, 100)).Items.Select(ReferralIdOf));
        using var refused = await submitOnly.GetAsync(new Uri("/api/v1/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task EachRead_IsAudited_AsOneListByItsClient()
    {
        await Api.CreateAsync();
        var before = await Api.CountAsync("audit_events WHERE action = 'event.list' AND client_id = 'case-system-a' AND referral_id IS NULL");

        await PageAsync(Client, null, 10);
        await PageAsync(Client, null, 10);

        Assert.Equal(before + 2, await Api.CountAsync("audit_events WHERE action = 'event.list' AND client_id = 'case-system-a' AND referral_id IS NULL"));
    }

    [Theory]
    [InlineData("after=bm90LWEtY3Vyc29y", "after")]
    [InlineData("after=%00", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/events?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task AChangeThatCommitsLate_IsServedAfterTheCursor_NotSkipped()
    {
        // The withdrawal's transaction takes its event's position, then waits (a test trigger waits
        // for a lock the test holds) while two later changes commit.
        var early = await Api.CreateAsync();
        await using var holder = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(1414)");
        await ExecuteAsync(
            """
            CREATE FUNCTION test_hold_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.type = 'referral.withdrawn' THEN PERFORM pg_advisory_xact_lock_shared(1414); END IF; RETURN NEW; END $$;
            CREATE TRIGGER test_hold_withdrawal BEFORE INSERT ON referral_events FOR EACH ROW EXECUTE FUNCTION test_hold_withdrawal();
            """);
        try
        {
            var late = Api.ChangeAsync(early, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));
            await WaitUntilAsync("SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND objid = 1414 AND NOT granted)");
            var later1 = await Api.CreateAsync();
            var later2 = await Api.CreateAsync();
            Assert.Equal(3, await Api.CountAsync("referral_events"));

            var whileHeld = await PageAsync(Client, null, 100);

            await ExecuteAsync(holder, "SELECT pg_advisory_unlock(1414)");
            await late;
            var afterwards = await PageAsync(Client, whileHeld.NextCursor, 100);

            Assert.Equal([(early.Id, "referral.created")], whileHeld.Items.Select(e => (ReferralIdOf(e), e.GetProperty("type").GetString())));
            Assert.Equal(
                [(early.Id, "referral.withdrawn"), (later1.Id, "referral.created"), (later2.Id, "referral.created")],
                afterwards.Items.Select(e => (ReferralIdOf(e), e.GetProperty("type").GetString())));
        }
        finally
        {
            await ExecuteAsync(holder, "SELECT pg_advisory_unlock_all()");
            await ExecuteAsync("DROP TRIGGER test_hold_withdrawal ON referral_events; DROP FUNCTION test_hold_withdrawal();");
        }
    }

    [Fact]
    public async Task OverlappingTransactions_CommittingInRandomOrder_AreReadExactlyOnce()
    {
        // Twelve transactions each write an event and stay open; they commit in a shuffled order,
        // and the feed is read after every commit. Printed seed: replay with the same order.
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var open = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction, Guid Id)>();
        try
        {
            for (var i = 0; i < 12; i++)
            {
                var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
                await connection.OpenAsync();
                var transaction = await connection.BeginTransactionAsync();
                var id = Guid.NewGuid();
                await using (var insert = new NpgsqlCommand(
                    "INSERT INTO referral_events (id, type, occurred_at, referral_id, reference, status, version, owning_client) VALUES (@id, 'referral.created', now(), @id, 'VIG-2026-000001', 'Draft', 1, 'case-system-a')",
                    connection, transaction))
                {
                    insert.Parameters.AddWithValue("id", id);
                    await insert.ExecuteNonQueryAsync();
                }

                open.Add((connection, transaction, id));
            }

            var committed = new HashSet<Guid>();
            var read = new List<Guid>();
            var cursor = (string?)null;
            foreach (var (connection, transaction, id) in open.OrderBy(_ => random.Next()).ToList())
            {
                if (random.Next(3) == 0)
                {
                    await transaction.RollbackAsync();
                }
                else
                {
                    await transaction.CommitAsync();
                    committed.Add(id);
                }

                var page = await PageAsync(Client, cursor, 100);
                read.AddRange(page.Items.Select(e => e.GetProperty("id").GetGuid()));
                cursor = page.NextCursor;
                Assert.True(read.ToHashSet().IsSubsetOf(committed), $"seed {seed}: an event was served before its transaction committed");
            }

            var last = await PageAsync(Client, cursor, 100);
            read.AddRange(last.Items.Select(e => e.GetProperty("id").GetGuid()));
            Assert.True(read.Count == read.Distinct().Count(), $"seed {seed}: an event was served twice");
            Assert.True(committed.SetEquals(read), $"seed {seed}: the feed skipped a committed event");
        }
        finally
        {
            foreach (var (connection, _, _) in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ManyWriters_OneReader_TheReaderGetsExactlyTheCommittedEvents()
    {
        const int writers = 6;
        const int changesEach = 8;
        using var team = Fixture.CreateClient("vig-team", "referrals.read", "referrals.decide");
        var writing = Enumerable.Range(0, writers).Select(async w =>
        {
            using var client = Fixture.CreateClient($"case-system-{w}", "referrals.submit", "referrals.read");
            var api = new ReferralApi(Fixture, client);
            for (var i = 0; i < changesEach / 2; i++)
            {
                var referral = await api.CreateAsync();
                await api.ChangeAsync(referral, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));
            }
        }).ToList();

        var read = new List<Guid>();
        string? cursor = null;
        var all = Task.WhenAll(writing);
        while (!all.IsCompleted)
        {
            var page = await PageAsync(team, cursor, 7);
            read.AddRange(page.Items.Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.NextCursor;
        }

        await all;
        while (true)
        {
            var page = await PageAsync(team, cursor, 7);
            read.AddRange(page.Items.Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        var stored = await StoredIdsAsync();
        Assert.Equal(writers * changesEach, stored.Count);
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Equal(stored.OrderBy(i => i), read.OrderBy(i => i));
    }

    internal sealed record Page(IReadOnlyList<JsonElement> Items, string NextCursor, bool HasMore);

    internal static async Task<Page> PageAsync(HttpClient client, string? after, int limit)
    {
        var query = after is null ? $"limit={limit}" : $"after={Uri.EscapeDataString(after)}&limit={limit}";
        using var response = await client.GetAsync(new Uri($"/api/v1/events?{query}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var page = JsonDocument.Parse(text).RootElement.Clone();
        return new Page([.. page.GetProperty("items").EnumerateArray()], page.GetProperty("nextCursor").GetString()!, page.GetProperty("hasMore").GetBoolean());
    }

    private static Guid ReferralIdOf(JsonElement e) => e.GetProperty("data").GetProperty("referralId").GetGuid();

    private async Task<List<Guid>> StoredIdsAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM referral_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task WaitUntilAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 200; i++)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("Timed out waiting: " + sql);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
