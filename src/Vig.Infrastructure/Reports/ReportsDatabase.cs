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
    public static readonly string FoldCountChanges =
        $"""
        WITH moved AS (DELETE FROM referral_count_changes RETURNING changes)
        INSERT INTO referral_counts (dimension, key, count)
        SELECT c."Dimension", c."Key", sum(c."Change") FROM moved, {PendingChanges("moved")} GROUP BY c."Dimension", c."Key"
        ON CONFLICT (dimension, key) DO UPDATE SET count = referral_counts.count + EXCLUDED.count
        """;

    /// <summary>
    /// The count changes in the rows of <paramref name="table"/> (referral_count_changes, or rows
    /// taken from it), one row each as c("Dimension", "Key", "Change"): the JSON that
    /// <see cref="Vig.Application.Reports.CountChange"/> is written as.
    /// </summary>
    public static string PendingChanges(string table) =>
        $"""jsonb_to_recordset({table}.changes) AS c("Dimension" text, "Key" text, "Change" int)""";

    /// <summary>The service's own database.</summary>
    public NpgsqlDataSource Primary { get; } = primary;

    /// <summary>Where the reports read.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>True when reports read from their own connection string.</summary>
    public bool IsSeparate { get; } = separate;
}
