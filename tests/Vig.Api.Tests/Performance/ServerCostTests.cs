using Npgsql;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Performance;

/// <summary>
/// Settings in the schema that keep PostgreSQL's CPU per write down (docs/performance.md, "After
/// issues 12 to 14"). They change no result, so only a benchmark would notice them gone; these tests
/// notice it first.
/// </summary>
public sealed class ServerCostTests(ApiFixture api) : ApiTestBase(api)
{
    [Theory]
    [InlineData("referrals", "evaluations")]
    [InlineData("referrals", "history")]
    [InlineData("idempotency_keys", "response_body")]
    public async Task FewKilobyteValuesWrittenOnEveryCreate_AreCompressedWithLz4(string table, string column)
    {
        var method = await ScalarAsync<string>(
            $"SELECT attcompression::text FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = '{column}'");

        Assert.Equal("l", method);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
