using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Tests.Foundation;

[Collection(ApiTestGroup.Name)]
public sealed class MigrationTests(ApiFixture api)
{
    [Fact]
    public async Task Migrations_CoverTheWholeModel()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last migration: add one with `dotnet ef migrations add`.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrator_OnAnEmptyDatabase_CreatesTheSchemaWithSnakeCaseNames()
    {
        var database = "vig_migrate_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(api.Postgres.ConnectionStringFor("postgres"), $"CREATE DATABASE {database}");
        try
        {
            var services = new ServiceCollection()
                .AddDbContext<VigDbContext>(o => o.UseNpgsql(api.Postgres.ConnectionStringFor(database)).UseSnakeCaseNamingConvention())
                .BuildServiceProvider();
            await using (services)
            {
                await DatabaseMigrator.MigrateAsync(services, NullLogger.Instance, CancellationToken.None);
                await DatabaseMigrator.MigrateAsync(services, NullLogger.Instance, CancellationToken.None); // a second run is a no-op
            }

            await using var connection = new NpgsqlConnection(api.Postgres.ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM concern_categories", connection);
            Assert.Equal(10L, await count.ExecuteScalarAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(api.Postgres.ConnectionStringFor("postgres"), $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
