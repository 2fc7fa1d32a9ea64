using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// The summary reads report rows saved with each change of a referral (ADR 0014, 0021): after creates,
/// transitions, edits that change the route, the referrer's role and the concerns, and a withdrawal,
/// its counts say what counting the referral tables themselves says.
/// </summary>
public sealed class ReportCountTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task Report_AfterCreatesTransitionsAndEdits_CountsWhatTheTablesHold()
    {
        var plain = await Api.CreateAsync();
        var other = ReferralApi.EligibleBody();
        other["route"] = new JsonObject { ["kind"] = "foundationsForLife", ["reference"] = "FFL-1" };
        other["referrer"]!["role"] = "healthVisitor";
        other["concerns"] = new JsonArray("autism", "child-point-of-view");
        await Api.CreateAsync(other);
        var accepted = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await AssertReportCountsTheTablesAsync();

        await Api.ChangeAsync(accepted, "accept");
        var edit = ReferralApi.EligibleBody();
        edit["route"] = new JsonObject { ["kind"] = "foundationsForLife", ["reference"] = "FFL-2" };
        edit["referrer"]!["role"] = "psychologist";
        edit["concerns"] = new JsonArray("bonding-difficulty");
        edit.Remove("submit");
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{plain.Id}") { Content = ReferralApi.Json(edit) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", plain.ETag);
            using var response = await Client.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var withdrawn = await Api.CreateAsync();
        await Api.ChangeAsync(withdrawn, "withdraw", new JsonObject { ["reason"] = "The family moved away." });
        await AssertReportCountsTheTablesAsync();
        await AssertReportCountsTheTablesAsync();
    }

    private async Task AssertReportCountsTheTablesAsync()
    {
        var report = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/summary", UriKind.Relative));

        Assert.Equal(await CountAsync("SELECT 'all', count(*) FROM referrals"), new Dictionary<string, int> { ["all"] = report.GetProperty("total").GetInt32() });
        Assert.Equal(await CountAsync("SELECT status, count(*) FROM referrals GROUP BY status"), await CountsAsync("status"));
        Assert.Equal(await CountAsync("SELECT route_kind, count(*) FROM referrals WHERE route_kind IS NOT NULL GROUP BY route_kind"), await CountsAsync("route"));
        Assert.Equal(await CountAsync("SELECT referrer_role, count(*) FROM referrals WHERE referrer_role IS NOT NULL GROUP BY referrer_role"), await CountsAsync("referrerRole"));
        Assert.Equal(await CountAsync("SELECT c, count(*) FROM referrals, unnest(concerns) AS c GROUP BY c", camelCase: false), await CountsAsync("concern"));
    }

    private async Task<Dictionary<string, int>> CountsAsync(string groupBy)
    {
        var report = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/reports/summary?groupBy={groupBy}", UriKind.Relative));
        return report.GetProperty("groups").EnumerateArray()
            .Where(g => g.GetProperty(groupBy).ValueKind != JsonValueKind.Null)
            .ToDictionary(g => g.GetProperty(groupBy).GetString()!, g => g.GetProperty("count").GetInt32(), StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, int>> CountAsync(string sql, bool camelCase = true)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var key = reader.GetString(0);
            counts[camelCase && key != "all" ? char.ToLowerInvariant(key[0]) + key[1..] : key] = (int)reader.GetInt64(1);
        }

        return counts;
    }
}
