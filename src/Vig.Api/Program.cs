using System.Data.Common;
using Vig.Api;
using Vig.Api.Hosting;
using Vig.Infrastructure.LocalPostgres;
using Vig.Infrastructure.Persistence;

// `dotnet run --project src/Vig.Api -- migrate` applies pending migrations and exits.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

LocalPostgresCluster? localCluster;
try
{
    localCluster = await LocalDatabase.StartIfNeededAsync(builder);
}
catch (Exception ex) when (ex is PostgresNotInstalledException or InvalidOperationException)
{
    // Missing configuration or PostgreSQL programs: say what to do, without a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

builder.AddVigApi(migrateOnStartup: !migrateOnly);
var app = builder.Build();

if (migrateOnly)
{
    try
    {
        await DatabaseMigrator.MigrateAsync(app.Services, app.Logger, CancellationToken.None);
        return 0;
    }
    catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"Migration failed: {ex.Message}");
        return 1;
    }
    finally
    {
        if (localCluster is not null)
        {
            await localCluster.StopAsync();
        }
    }
}

if (localCluster is not null)
{
    app.Logger.LocalClusterStarted(localCluster.DataDirectory, localCluster.Port);
}

app.UseVigApi();
await app.RunAsync();
return 0;

/// <summary>The API's entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
