using Npgsql;

namespace Vig.Infrastructure.Reports;

/// <summary>
/// Where reports and exports read: the server in ConnectionStrings:VigReports when it is set (e.g. a
/// streaming replica, docs/performance.md), else the service's own database. Reports only read,
/// so a hot standby can serve them; their audit records are written to the primary.
/// </summary>
public sealed class ReportsDatabase(NpgsqlDataSource dataSource, bool separate)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>True when reports read from their own connection string.</summary>
    public bool IsSeparate { get; } = separate;
}
