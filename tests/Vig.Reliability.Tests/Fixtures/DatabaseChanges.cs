using System.Text;
using Npgsql;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// Counts the rows that committed transactions insert, update or delete, per table: a row
/// trigger on every compared table adds to a counter in the same transaction, so a change that
/// rolls back leaves the counter as it was. Reading the counters is one small query, where a
/// checksum of the tables would scan them all after every request. Installed for one test and
/// removed after it, because the counter rows serialise every writer.
/// </summary>
public sealed class DatabaseChanges : IAsyncDisposable
{
    /// <summary>
    /// Tables left out. idempotency_keys: a refused request's answer is kept under its key so a
    /// retry gets it again; that is the key protocol working, not a change of the service's data.
    /// rate_limit_windows: every request, refused or not, is counted against its client's limit
    /// (ADR 0028). __EFMigrationsHistory: nothing migrates while the suite runs. In audit_events, the record of
    /// a refused access is not counted either: refusing a foreign or missing referral is audited
    /// by design (docs/security.md, API1); every other audit row is.
    /// </summary>
    public static readonly string[] NotCompared = ["idempotency_keys", "rate_limit_windows", "__EFMigrationsHistory"];

    private const string AuditTable = "audit_events";
    private const string RefusedSuffix = Vig.Application.Common.AuditEntry.RefusedSuffix;
    private const string Counters = "reliability_changes";
    private const string Function = "reliability_count_change";
    private const string Trigger = "reliability_count_change";

    private readonly NpgsqlConnection _connection;
    private readonly IReadOnlyList<string> _tables;

    private DatabaseChanges(NpgsqlConnection connection, IReadOnlyList<string> tables)
    {
        _connection = connection;
        _tables = tables;
    }

    /// <summary>The tables whose changes are counted.</summary>
    public IReadOnlyList<string> Tables => _tables;

    public static async Task<DatabaseChanges> InstallAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)) ORDER BY 1",
            connection))
        {
            list.Parameters.AddWithValue(NotCompared);
            await using var rows = await list.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                tables.Add(rows.GetString(0));
            }
        }

        var sql = new StringBuilder($"""
            CREATE TABLE {Counters} (table_name text PRIMARY KEY, changes bigint NOT NULL);
            CREATE FUNCTION {Function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO {Counters} VALUES (TG_TABLE_NAME, 1) ON CONFLICT (table_name) DO UPDATE SET changes = {Counters}.changes + 1;
              RETURN NULL;
            END $$;
            """);
        foreach (var table in tables)
        {
            // The audit trail only ever takes inserts (the database refuses the rest).
            var when = table == AuditTable ? $"AFTER INSERT ON {Quote(table)} FOR EACH ROW WHEN (NEW.action NOT LIKE '%{RefusedSuffix}')" : $"AFTER INSERT OR UPDATE OR DELETE ON {Quote(table)} FOR EACH ROW";
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"CREATE TRIGGER {Trigger} {when} EXECUTE FUNCTION {Function}();\n");
        }

        await ExecuteAsync(connection, sql.ToString());
        return new DatabaseChanges(connection, tables);
    }

    /// <summary>"table count; ..." for every table changed since installation.</summary>
    public async Task<string> ReadAsync()
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(table_name || ' ' || changes, '; ' ORDER BY table_name), '') FROM {Counters}", _connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The tables whose counters moved between two readings, with how many rows.</summary>
    public static string Difference(string before, string after)
    {
        static Dictionary<string, long> Parse(string reading) => reading
            .Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var old = Parse(before ?? string.Empty);
        return string.Join(", ", Parse(after ?? string.Empty)
            .Where(table => old.GetValueOrDefault(table.Key) != table.Value)
            .Select(table => $"{table.Key} +{table.Value - old.GetValueOrDefault(table.Key)}"));
    }

    public async ValueTask DisposeAsync()
    {
        var sql = new StringBuilder();
        foreach (var table in _tables)
        {
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"DROP TRIGGER IF EXISTS {Trigger} ON {Quote(table)};\n");
        }

        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"DROP FUNCTION IF EXISTS {Function}(); DROP TABLE IF EXISTS {Counters};");
        await ExecuteAsync(_connection, sql.ToString());
        await _connection.DisposeAsync();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
#pragma warning disable CA2100 // Built from the catalogue's table names, quoted.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
