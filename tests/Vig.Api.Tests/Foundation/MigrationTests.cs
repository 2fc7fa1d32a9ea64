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

    [Fact]
    public async Task ServerOwnedIdsMigration_GivesADuplicatedParentCarerIdAFreshOne_AndItsConsentsFollow()
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
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
                await db.Database.MigrateAsync("20261124230816_IdempotencyAnswersOnly");

                // The bug being repaired: one client-chosen id on two referrals, each with a consent.
                await ExecuteAsync(api.Postgres.ConnectionStringFor(database), """
                    INSERT INTO referrals (id, reference, created_by, created_at, updated_at, status, version, requested_information)
                    VALUES ('00000000-0000-0000-0000-00000000000a', 'VIG-2026-000001', 'a', now(), now(), 'Draft', 1, '{}'),
                           ('00000000-0000-0000-0000-00000000000b', 'VIG-2026-000002', 'b', now(), now(), 'Draft', 1, '{}');
                    INSERT INTO referral_parent_carers (referral_id, id, name, relationship, takes_part)
                    VALUES ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000cc', 'Jo', 'Mother', true),
                           ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-0000000000cc', 'Kim', 'Mother', true);
                    INSERT INTO referral_consents (id, referral_id, parent_carer_id, kind, given_on, recorded_by, recorded_at)
                    VALUES (gen_random_uuid(), '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000cc', 'TakePartInVig', '2026-11-01', 'a', now()),
                           (gen_random_uuid(), '00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-0000000000cc', 'TakePartInVig', '2026-11-01', 'b', now());
                    INSERT INTO referral_evaluations (referral_id, policy_version, referral_date, evaluated_on, verdict, results)
                    VALUES ('00000000-0000-0000-0000-00000000000a', '2026-11', '2026-11-01', '2026-11-01', 'NeedsInformation',
                            '[{"code":"concern.account","kind":"Information","outcome":"Missing","message":"Describe it."}]');
                    """);

                await db.Database.MigrateAsync();
            }

            await using var connection = new NpgsqlConnection(api.Postgres.ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var linked = new NpgsqlCommand(
                "SELECT count(DISTINCT p.id), count(*) FROM referral_parent_carers p JOIN referral_consents c ON c.referral_id = p.referral_id AND c.parent_carer_id = p.id",
                connection);
            await using (var reader = await linked.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Assert.Equal((2L, 2L), (reader.GetInt64(0), reader.GetInt64(1)));
            }

            await using var advice = new NpgsqlCommand("SELECT results->0->>'whatToDo', results->0 ? 'message' FROM referral_evaluations", connection);
            await using (var reader = await advice.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Assert.Equal(("Describe it.", false), (reader.GetString(0), reader.GetBoolean(1)));
            }
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
