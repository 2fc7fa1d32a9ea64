using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// Lists come back in their stored order even when the table's physical order is the reverse: on a
/// fresh table rows usually come back in insertion order by luck, so the rows are rewritten backwards first.
/// </summary>
public sealed class StoredOrderTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly int[] ConsentOrder = [2, 0, 3, 1];
    private static readonly string[] PositionedTables = ["referral_parent_carers", "referral_consents"];

    [Fact]
    public async Task History_IsReadOldestFirst_WhenTheTableHoldsItBackwards()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        referral = await Api.ChangeAsync(referral, "decline", new JsonObject { ["reasonCode"] = "duplicate", ["comment"] = "Open elsewhere for this child." });
        var before = await HistoryAsync(referral.Id);
        Assert.True(before.GetArrayLength() >= 2, before.GetRawText());

        var physical = await ReverseAsync("referral_status_history", referral.Id);
        Assert.Equal(physical.Order().Reverse(), physical); // the scan without ORDER BY now meets the newest first

        var after = await HistoryAsync(referral.Id);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        var times = after.EnumerateArray().Select(h => h.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task LatestEvaluation_IsTheLastStored_WhenTheTableHoldsEvaluationsBackwards()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)); // stored: needsInformation (no consent yet)
        referral = await Api.RecordMotherConsentAsync(referral);
        referral = await Api.ChangeAsync(referral, "accept");                        // stored: eligible
        Assert.Equal("eligible", referral.Verdict);
        var before = (await Api.GetAsync(referral.Id)).Json.GetProperty("latestEvaluation").GetRawText();

        var physical = await ReverseAsync("referral_evaluations", referral.Id);
        Assert.Equal(2, physical.Count);
        Assert.Equal(physical.Order().Reverse(), physical); // the scan without ORDER BY now meets the newest first

        var after = await Api.GetAsync(referral.Id);
        Assert.Equal("eligible", after.Verdict);
        Assert.Equal(before, after.Json.GetProperty("latestEvaluation").GetRawText());
    }

    [Fact]
    public async Task ParentCarers_AndConsents_AreReadInTheirPositions_WhenTheTablesHoldThemBackwards()
    {
        var body = ReferralApi.EligibleBody(withConsents: true);
        string[] names = ["Jo Example", "Sam Example", "Kim Example", "Ali Example"];
        body["parentCarers"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["relationship"] = "other", ["takesPart"] = true })]);
        body["consents"] = new JsonArray([.. ConsentOrder.Select(i => (JsonNode)new JsonObject { ["parentCarerIndex"] = i, ["kind"] = "takePartInVig", ["givenOn"] = Fixture.Factory.Clock.TodayText })]);
        var created = await Api.CreateAsync(body);
        var before = (await Api.GetAsync(created.Id)).Json;

        foreach (var table in PositionedTables)
        {
            var physical = await RewriteBackwardsAsync(table, "position", created.Id);
            Assert.Equal([3, 2, 1, 0], physical);
        }

        var after = (await Api.GetAsync(created.Id)).Json;
        Assert.Equal(before.GetProperty("parentCarers").GetRawText(), after.GetProperty("parentCarers").GetRawText());
        Assert.Equal(before.GetProperty("consents").GetRawText(), after.GetProperty("consents").GetRawText());
        Assert.Equal(names, after.GetProperty("parentCarers").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    // Rewrites the referral's rows one by one, the last in order first: each update writes a new row
    // version after the others, so the table then holds them backwards. Returns the order key in physical order.
    private async Task<List<long>> RewriteBackwardsAsync(string table, string orderKey, Guid referralId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        var keys = await ReadAsync(connection, $"SELECT {orderKey} FROM {table} WHERE referral_id = '{referralId}' ORDER BY {orderKey} DESC");
        foreach (var key in keys)
        {
            await using var update = new NpgsqlCommand($"UPDATE {table} SET {orderKey} = {orderKey} WHERE referral_id = '{referralId}' AND {orderKey} = {key}", connection);
            await update.ExecuteNonQueryAsync();
        }

        return await ReadAsync(connection, $"SET enable_indexscan = off; SET enable_bitmapscan = off; SELECT {orderKey} FROM {table} WHERE referral_id = '{referralId}'");
    }

    private static async Task<List<long>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }

    private async Task<JsonElement> HistoryAsync(Guid id) =>
        await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals/{id}/history", UriKind.Relative));

    // Deletes the referral's rows and inserts them again newest first, keeping their ids; returns the ids in physical order.
    private async Task<List<long>> ReverseAsync(string table, Guid referralId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var reverse = new NpgsqlCommand(
            $"""
            WITH moved AS (DELETE FROM {table} WHERE referral_id = $1 RETURNING *)
            INSERT INTO {table} OVERRIDING SYSTEM VALUE SELECT * FROM moved ORDER BY id DESC
            """,
            connection))
        {
            reverse.Parameters.Add(new() { Value = referralId });
            await reverse.ExecuteNonQueryAsync();
        }

        await using var scan = new NpgsqlCommand($"SET enable_indexscan = off; SET enable_bitmapscan = off; SELECT id FROM {table} WHERE referral_id = '{referralId}'", connection);
        await using var reader = await scan.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
