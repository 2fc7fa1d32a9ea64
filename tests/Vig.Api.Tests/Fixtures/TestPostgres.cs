using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Vig.Infrastructure.LocalPostgres;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server of one test run, obtained in this order: the server named by
/// VIG_TEST_POSTGRES; a Testcontainers container when a Docker engine answers; a throwaway cluster
/// started from the installed server programs. Each run gets a fresh database of its own on it.
/// If none can be had the tests fail, saying why: they never skip and never use a substitute.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string ServerVariable = "VIG_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly IAsyncDisposable? _owned;

    private TestPostgres(string serverConnectionString, string source, IAsyncDisposable? owned)
    {
        _serverConnectionString = serverConnectionString;
        Source = source;
        _owned = owned;
        Database = "vig_tests_" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>How the server was obtained, for the test log.</summary>
    public string Source { get; }

    public string Database { get; }

    public string ConnectionString => ConnectionStringFor(Database);

    public static async Task<TestPostgres> StartAsync()
    {
        var named = Environment.GetEnvironmentVariable(ServerVariable);
        var postgres = !string.IsNullOrWhiteSpace(named)
            ? new TestPostgres(named, $"the server named by {ServerVariable}", owned: null)
            : await FromDockerAsync() ?? await FromLocalProgramsAsync();

        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {postgres.Database}", connection);
        await create.ExecuteNonQueryAsync();
        return postgres;
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
            return;
        }

        // A server we were lent: leave it as we found it.
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<TestPostgres?> FromDockerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        }
        catch (DockerUnavailableException)
        {
            return null;
        }

        await container.StartAsync();
        return new TestPostgres(container.GetConnectionString(), "a Testcontainers PostgreSQL 15 container", container);
    }

    private static async Task<TestPostgres> FromLocalProgramsAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vig-tests-" + Guid.NewGuid().ToString("N")[..8]);
        LocalPostgresCluster cluster;
        try
        {
            cluster = await LocalPostgresCluster.StartAsync(folder, throwaway: true);
        }
        catch (PostgresNotInstalledException ex)
        {
            throw new InvalidOperationException(
                $"The integration tests need PostgreSQL and none could be had: {ServerVariable} is not set, no Docker engine answers, and {ex.Message}",
                ex);
        }

        return new TestPostgres(cluster.ConnectionString("postgres"), $"a throwaway cluster from {PostgresBinaries.Find()} in {folder}", cluster);
    }
}
