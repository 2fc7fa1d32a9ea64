using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Domain.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// The report rows take a child's age band from the database's vig_age_band; it must give the band of
/// the domain's own age rule (<see cref="Age.InYears"/>) on every day, birthdays and 29 February
/// included, or reports would count children in the wrong band.
/// </summary>
public sealed class AgeBandTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task DatabaseAgeBand_IsTheBandOfTheDomainAge_OnEveryDayAroundEachBandEdge()
    {
        // Children born on every day of 2004 to 2026 (leap years included), seen on each day of two
        // six-week windows around the end of February, one in a leap year and one not.
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT born::date, seen::date, vig_age_band(born::date, seen::date)
              FROM generate_series(date '2004-01-01', date '2026-12-31', interval '1 day') AS born,
                   (SELECT generate_series(date '2024-02-01', date '2024-03-15', interval '1 day')
                    UNION ALL SELECT generate_series(date '2025-02-01', date '2025-03-15', interval '1 day')) AS days(seen)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();

        var compared = 0;
        var bands = new HashSet<string?>();
        while (await reader.ReadAsync())
        {
            var born = reader.GetFieldValue<DateOnly>(0);
            var seen = reader.GetFieldValue<DateOnly>(1);
            var band = reader.IsDBNull(2) ? null : reader.GetString(2);
            var expected = born > seen ? null : BandOf(Age.InYears(born, seen));
            Assert.True(expected == band, $"born {born:yyyy-MM-dd}, seen {seen:yyyy-MM-dd}: the database said {band ?? "none"}, the domain's age gives {expected ?? "none"}");
            bands.Add(band);
            compared++;
        }

        Assert.True(compared > 500_000, $"only {compared} pairs compared");
        Assert.Equal(new HashSet<string?> { null, "0-1", "2-4", "5-11", "12-17", "18+" }, bands);
    }

    [Fact]
    public async Task DatabaseAgeBand_IsNone_WithoutBothDates()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT vig_age_band(NULL, date '2025-01-01') IS NULL AND vig_age_band(date '2020-01-01', NULL) IS NULL", connection);

        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    private static string BandOf(int years) => years switch
    {
        <= 1 => "0-1",
        <= 4 => "2-4",
        <= 11 => "5-11",
        <= 17 => "12-17",
        _ => "18+",
    };
}
