using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Vig.Infrastructure;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// A database of its own, migrated only up to the last migration whose triggers and PL/pgSQL kept
/// the report rows (before ReportRowsInCSharp): what the C# that replaced them is compared with.
/// Given rows of today's schema, it migrates up, takes them, and migrates down, so that they are held
/// as that schema held them. Dropped when disposed.
/// </summary>
public sealed class SchemaWithReportTriggers : IAsyncDisposable
{
    public const string LastMigration = "20261125075644_CheaperReportRowsAndLz4";

    private readonly TestPostgres _postgres;

    private SchemaWithReportTriggers(TestPostgres postgres, string database)
    {
        _postgres = postgres;
        Database = database;
    }

    public string Database { get; }

    public string ConnectionString => _postgres.ConnectionStringFor(Database);

    public static async Task<SchemaWithReportTriggers> CreateAsync(TestPostgres postgres, Func<string, Task>? fillInTodaysSchema = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var schema = new SchemaWithReportTriggers(postgres, "vig_report_triggers_" + Guid.NewGuid().ToString("N")[..8]);
        await schema.ExecuteOnServerAsync($"CREATE DATABASE {schema.Database}");
        await using var dataSource = NpgsqlDataSource.Create(schema.ConnectionString);
        var options = new DbContextOptionsBuilder<VigDbContext>();
        DependencyInjection.ConfigureDbContext(options, dataSource);
        await using var db = new VigDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        if (fillInTodaysSchema is not null)
        {
            await migrator.MigrateAsync();
            await fillInTodaysSchema(schema.ConnectionString);
        }

        await migrator.MigrateAsync(LastMigration);
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
