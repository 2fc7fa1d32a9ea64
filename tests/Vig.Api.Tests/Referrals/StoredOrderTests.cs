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
