using Npgsql;

namespace Vig.Infrastructure.Reports;

/// <summary>
/// Where reports and exports read: the server in ConnectionStrings:VigReports when it is set (e.g. a
/// streaming replica, docs/performance.md), else the service's own database. Reports only read
/// there, so a hot standby can serve them; what they write (the fold of the kept counts, their
/// audit records) goes to the primary.
/// </summary>
public sealed class ReportsDatabase(NpgsqlDataSource primary, NpgsqlDataSource dataSource, bool separate)
{
    /// <summary>Folds the count changes written since the last fold into referral_counts, in one statement (ADR 0013, 0014).</summary>
    public const string FoldCountChanges =
        """
        WITH moved AS (DELETE FROM referral_count_changes RETURNING dimension, key, change)
        INSERT INTO referral_counts (dimension, key, count)
        SELECT dimension, key, sum(change) FROM moved GROUP BY dimension, key
        ON CONFLICT (dimension, key) DO UPDATE SET count = referral_counts.count + EXCLUDED.count
        """;

    /// <summary>The service's own database.</summary>
    public NpgsqlDataSource Primary { get; } = primary;

    /// <summary>Where the reports read.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>True when reports read from their own connection string.</summary>
    public bool IsSeparate { get; } = separate;
}
