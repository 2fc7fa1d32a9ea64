using System.Globalization;

namespace Vig.Seed;

/// <summary>What to seed: read from the command line (see <see cref="Usage"/>).</summary>
internal sealed record SeedOptions
{
    public const string Usage = """
        Usage: dotnet Vig.Seed.dll [options]
          --connection <string>   PostgreSQL connection string (default: $ConnectionStrings__Vig)
          --referrals <n>         referrals of every status, created over the last --years (default 10000)
          --pool <n>              more referrals, Submitted and Eligible today, all of one shape and version,
                                  for the accept benchmark (default 0)
          --clients <n>           case-management clients the referrals are spread over: case-system-01... (default 20)
          --solo-client <id>      a client that gets exactly one of the referrals (default case-system-solo; "" for none)
          --seed <n>              the random seed: the same seed gives the same rows (default 1)
          --first <n>             index of the first referral: ids are derived from it, so a later run appends
                                  with --first one past the last (default 1)
          --years <n>             how far back creation dates go (default 3)
          --audit                 also write the audit trail of each referral's story (one row per status
                                  change and consent; about a quarter slower)
          --ids <file>            write "id version status client" of every seeded referral, in index order
          --check-foreign-keys    keep foreign-key checks on while copying (slower; by default a superuser
                                  connection skips them with session_replication_role = replica)
          --rebuild-indexes       drop the seeded tables' secondary indexes (not keys or constraints) while
                                  copying and build them again after: faster for a large load into a
                                  database nothing else uses (their definitions are printed first)
          --no-vacuum             skip VACUUM ANALYZE at the end
        The referral with index i has id md5('vig-seed-' || i)::uuid, so SQL can name it without a lookup.
        """;

    public required string ConnectionString { get; init; }

    public int Referrals { get; init; } = 10_000;

    public int Pool { get; init; }

    public int Clients { get; init; } = 20;

    public string? SoloClient { get; init; } = "case-system-solo";

    public int Seed { get; init; } = 1;

    public long First { get; init; } = 1;

    public int Years { get; init; } = 3;

    public string? IdsFile { get; init; }

    public bool CheckForeignKeys { get; init; }

    public bool Vacuum { get; init; } = true;

    public bool Audit { get; init; }

    public bool RebuildIndexes { get; init; }

    public long Total => (long)Referrals + Pool;

    public static SeedOptions Parse(string[] args)
    {
        var options = new SeedOptions { ConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Vig") ?? string.Empty };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number.");
            options = args[i] switch
            {
                "--connection" => options with { ConnectionString = Next() },
                "--referrals" => options with { Referrals = Count() },
                "--pool" => options with { Pool = Count() },
                "--clients" => options with { Clients = Math.Max(1, Count()) },
                "--solo-client" => options with { SoloClient = Next() is { Length: > 0 } solo ? solo : null },
                "--seed" => options with { Seed = Count() },
                "--first" => options with { First = Math.Max(1, Count()) },
                "--years" => options with { Years = Math.Max(1, Count()) },
                "--ids" => options with { IdsFile = Next() },
                "--check-foreign-keys" => options with { CheckForeignKeys = true },
                "--no-vacuum" => options with { Vacuum = false },
                "--audit" => options with { Audit = true },
                "--rebuild-indexes" => options with { RebuildIndexes = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("Give --connection or set ConnectionStrings__Vig.");
        }

        return options;
    }
}
