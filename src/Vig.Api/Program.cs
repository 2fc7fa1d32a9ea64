using System.Data.Common;
using MediatR;
using Vig.Api;
using Vig.Api.Hosting;
using Vig.Api.Security;
using Vig.Application.Retention;
using Vig.Infrastructure.LocalPostgres;
using Vig.Infrastructure.Persistence;

// Besides serving, the API runs three tasks (see README):
//   migrate                          apply pending migrations and exit
//   anonymise                        anonymise finished referrals past the retention period and exit
//   token <client-id> <scope>...     print a development token (Development only)
string[] tasks = ["migrate", "anonymise", "token"];
var task = args.Length > 0 && tasks.Contains(args[0]) ? args[0] : null;
var builder = WebApplication.CreateBuilder(task is null ? args : []);

if (task == "token")
{
    return DevelopmentTokenCommand.Run(builder, args[1..]);
}

LocalPostgresCluster? localCluster;
try
{
    localCluster = await LocalDatabase.StartIfNeededAsync(builder);
    builder.AddVigApi(migrateOnStartup: task is null);
}
catch (Exception ex) when (ex is PostgresNotInstalledException or InvalidOperationException)
{
    // Missing configuration or PostgreSQL programs: say what to do, without a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

var app = builder.Build();

if (task is not null)
{
    try
    {
        if (task == "migrate")
        {
            await DatabaseMigrator.MigrateAsync(app.Services, app.Logger, CancellationToken.None);
        }
        else
        {
            await using var scope = app.Services.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnonymiseFinishedReferrals(), CancellationToken.None);
            Console.WriteLine($"Anonymised {count} finished referral(s) past the retention period.");
        }

        return 0;
    }
    catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"{task} failed: {ex.Message}");
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
