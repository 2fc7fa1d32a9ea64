using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vig.Seed;

// Seeds referrals into a database the API's migrations created (docs/performance.md).
SeedOptions options;
try
{
    options = SeedOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + SeedOptions.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
var now = DateTimeOffset.UtcNow;
var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
var factory = new ReferralFactory(options, now, zone);
await using var dataSource = NpgsqlDataSource.Create(options.ConnectionString);

// Reference numbers come from the API's own sequence, so referrals created later never collide.
long firstNumber;
await using (var command = dataSource.CreateCommand("SELECT setval('referral_number', nextval('referral_number') + $1 - 1)"))
{
    command.Parameters.AddWithValue(options.Total);
    firstNumber = (long)(await command.ExecuteScalarAsync())! - options.Total + 1;
}

var skipChecks = !options.CheckForeignKeys && await IsSuperuserAsync(dataSource);
var indexes = options.RebuildIndexes ? await DropSecondaryIndexesAsync(dataSource) : [];
var summaries = new string[options.Total];
var statuses = new long[Enum.GetValues<Vig.Domain.Referrals.ReferralStatus>().Length];
const int ChunkSize = 2000;
var chunks = (int)((options.Total + ChunkSize - 1) / ChunkSize);
var nextChunk = -1;
var done = 0L;
var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
{
    await using var connection = await dataSource.OpenConnectionAsync();
    if (skipChecks)
    {
        // Skips the foreign-key triggers of this session only: every row is built consistent.
        await using var set = new NpgsqlCommand("SET session_replication_role = replica; SET synchronous_commit = off", connection);
        await set.ExecuteNonQueryAsync();
    }

    var writer = new TableWriter(connection, options.Audit);
    for (var chunk = Interlocked.Increment(ref nextChunk); chunk < chunks; chunk = Interlocked.Increment(ref nextChunk))
    {
        var start = (long)chunk * ChunkSize;
        var count = (int)Math.Min(ChunkSize, options.Total - start);
        var referrals = new List<Vig.Domain.Referrals.Referral>(count);
        for (var i = 0; i < count; i++)
        {
            var offset = start + i;
            var referral = factory.Build(options.First + offset, firstNumber + offset, pool: offset >= options.Referrals);
            referrals.Add(referral);
            summaries[offset] = $"{referral.Id} {referral.Version} {referral.Status} {referral.CreatedBy}";
            Interlocked.Increment(ref statuses[(int)referral.Status]);
        }

        await writer.WriteAsync(referrals);
        var total = Interlocked.Add(ref done, count);
        if (chunk % Math.Max(1, chunks / 10) == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed: {total:N0} of {options.Total:N0} referrals, {clock.Elapsed.TotalSeconds:F1} s"));
        }
    }
})).ToList();
await Task.WhenAll(workers);
var copied = clock.Elapsed;
foreach (var definition in indexes)
{
    await using var create = dataSource.CreateCommand(definition);
    create.CommandTimeout = 0;
    await create.ExecuteNonQueryAsync();
}

var indexed = clock.Elapsed;

var reported = clock.Elapsed;

if (options.Vacuum)
{
    await using var vacuum = dataSource.CreateCommand(
        "VACUUM (ANALYZE) " + string.Join(", ", TableWriter.Tables) + ", referral_report_rows, referral_counts, referral_count_changes");
    vacuum.CommandTimeout = 0;
    await vacuum.ExecuteNonQueryAsync();
}

if (options.IdsFile is { } file)
{
    await File.WriteAllLinesAsync(file, summaries);
}

var byStatus = string.Join(", ", Enum.GetValues<Vig.Domain.Referrals.ReferralStatus>().Where(s => statuses[(int)s] > 0).Select(s => $"{s} {statuses[(int)s]}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"seed: {options.Total:N0} referrals (index {options.First} to {options.First + options.Total - 1}; {byStatus}) copied in {copied.TotalSeconds:F1} s, " +
    $"{(indexes.Count > 0 ? $"{indexes.Count} indexes built again in {(indexed - copied).TotalSeconds:F1} s, " : string.Empty)}" +
    $"{(options.Vacuum ? $"VACUUM ANALYZE {(clock.Elapsed - reported).TotalSeconds:F1} s, " : string.Empty)}foreign-key checks {(skipChecks ? "skipped" : "on")}; " +
    $"{clock.Elapsed.TotalSeconds:F1} s in all"));
return 0;

// The indexes that are not a key or constraint of the seeded tables: dropped now, their definitions
// returned to build them again after the copy (printed too, in case the run is stopped half-way).
static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlDataSource dataSource)
{
    var definitions = new List<string>();
    var names = new List<string>();
    await using (var query = dataSource.CreateCommand("""
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.relname = ANY($1) AND n.nspname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        """))
    {
        query.Parameters.AddWithValue(TableWriter.Tables);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
            definitions.Add(reader.GetString(1));
        }
    }

    foreach (var definition in definitions)
    {
        Console.WriteLine($"seed: dropping, to build again after the copy: {definition}");
    }

    await using var drop = dataSource.CreateCommand($"DROP INDEX {string.Join(", ", names)}");
    await drop.ExecuteNonQueryAsync();
    return definitions;
}

static async Task<bool> IsSuperuserAsync(NpgsqlDataSource dataSource)
{
    await using var command = dataSource.CreateCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    return await command.ExecuteScalarAsync() is true;
}
