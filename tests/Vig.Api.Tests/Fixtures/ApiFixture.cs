using Npgsql;
using Respawn;
using Respawn.Graph;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// One PostgreSQL server and one running API for all HTTP tests of the run. Tests that use it
/// belong to <see cref="ApiTestGroup"/> and call <see cref="ResetDatabaseAsync"/> first.
/// </summary>
public sealed class ApiFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly IMessageSink _diagnostics = diagnostics;
    private TestPostgres? _postgres;
    private VigApiFactory? _factory;
    private Respawner? _respawner;

    public TestPostgres Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not started.");

    public VigApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        _diagnostics.OnMessage(new DiagnosticMessage($"Integration tests use PostgreSQL from {_postgres.Source}, database {_postgres.Database}."));

        _factory = new VigApiFactory(_postgres.ConnectionString);
        _factory.StartServer(); // applies the migrations, as a real start-up does
    }

    /// <summary>A client authenticated as <see cref="TestTokens.DefaultClient"/> with the referral scopes.</summary>
    public HttpClient CreateClient() => Factory.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

    /// <summary>A client authenticated as <paramref name="clientId"/> with exactly <paramref name="scopes"/>.</summary>
    public HttpClient CreateClient(string clientId, params string[] scopes) => Factory.CreateClient().As(clientId, scopes);

    /// <summary>Deletes everything but reference data and migration history.</summary>
    public async Task ResetDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        if (!await HasDataTablesAsync(connection))
        {
            return;
        }

        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [.. KeptTables.Select(t => new Table(t))],
        });
        await _respawner.ResetAsync(connection);
    }

    /// <summary>
    /// Migration history, the reference tables the migrations seed and the audit trail (the database
    /// refuses to empty it). The report rows go with their referrals (ON DELETE CASCADE), and the
    /// summary's counts are emptied with them.
    /// </summary>
    private static readonly string[] KeptTables = ["__EFMigrationsHistory", "concern_categories", "decline_reasons", "audit_events"];

    private static async Task<bool> HasDataTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)))",
            connection);
        command.Parameters.AddWithValue(KeptTables);
        return (bool)(await command.ExecuteScalarAsync() ?? false);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTestGroup : ICollectionFixture<ApiFixture>
{
    public const string Name = "API on PostgreSQL";
}
