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
catch (PostgresNotInstalledException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

builder.AddVigApi(migrateOnStartup: !migrateOnly);
var app = builder.Build();

if (migrateOnly)
{
    await DatabaseMigrator.MigrateAsync(app.Services, app.Logger, CancellationToken.None);
    if (localCluster is not null)
    {
        await localCluster.StopAsync();
    }

    return 0;
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
