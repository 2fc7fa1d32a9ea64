using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Domain.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// The report rows' age band is now the domain's <see cref="AgeBand.On"/>; until migration
/// ReportRowsInCSharp the database's vig_age_band gave it. Both must give the same band on every
/// day, birthdays and 29 February included, or the rows written before and after would count the
/// same children in different bands.
/// </summary>
public sealed class AgeBandTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task DomainAgeBand_IsWhatTheRetiredDatabaseFunctionGave_OnEveryDayAroundEachBandEdge()
    {
        // Children born on every day of 2004 to 2026 (leap years included), seen on each day of two
        // six-week windows around the end of February, one in a leap year and one not.
        await using var schema = await SchemaWithReportTriggers.CreateAsync(Fixture.Postgres);
        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT born::date, seen::date, vig_age_band(born::date, seen::date)
              FROM generate_series(date '2004-01-01', date '2026-12-31', interval '1 day') AS born,
                   (SELECT generate_series(date '2024-02-01', date '2024-03-15', interval '1 day')
                    UNION ALL SELECT generate_series(date '2025-02-01', date '2025-03-15', interval '1 day')) AS days(seen)
            UNION ALL SELECT NULL, date '2025-01-01', vig_age_band(NULL, date '2025-01-01')
            UNION ALL SELECT date '2020-01-01', NULL, vig_age_band(date '2020-01-01', NULL)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();

        var compared = 0;
        var bands = new HashSet<string?>();
        while (await reader.ReadAsync())
        {
            DateOnly? born = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0);
            DateOnly? seen = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1);
            var band = reader.IsDBNull(2) ? null : reader.GetString(2);
            var domain = AgeBand.On(born, seen);
            Assert.True(domain == band, $"born {born:yyyy-MM-dd}, seen {seen:yyyy-MM-dd}: the database gave {band ?? "none"}, the domain gives {domain ?? "none"}");
            bands.Add(band);
            compared++;
        }

        Assert.True(compared > 500_000, $"only {compared} pairs compared");
        Assert.Equal(new HashSet<string?> { null, "0-1", "2-4", "5-11", "12-17", "18+" }, bands);
    }
}
