using System.Security.Cryptography;
using System.Text;
using Vig.Infrastructure;
using Vig.Infrastructure.LocalPostgres;

namespace Vig.Api.Hosting;

/// <summary>
/// The run command's database: in Development, when no connection string is configured, a
/// private PostgreSQL cluster in a git-ignored folder (LocalPostgres:DataDirectory), started with
/// the API and stopped with it. As root from a folder other users cannot enter, the cluster lives
/// under /var/tmp instead, because PostgreSQL then runs as the 'postgres' OS user. Elsewhere a missing connection string is a configuration error.
/// </summary>
internal static class LocalDatabase
{
    public static async Task<LocalPostgresCluster?> StartIfNeededAsync(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(DependencyInjection.ConnectionStringName)))
        {
            return null;
        }

        var folder = configuration["LocalPostgres:DataDirectory"];
        if (!builder.Environment.IsDevelopment() || string.IsNullOrWhiteSpace(folder))
        {
            throw new InvalidOperationException(
                $"Set the connection string ConnectionStrings__{DependencyInjection.ConnectionStringName} (e.g. Host=db;Database=vig;Username=vig;Password=...).");
        }

        var dataDirectory = Path.GetFullPath(folder, builder.Environment.ContentRootPath);
        if (!LocalPostgresCluster.IsReachableByServer(dataDirectory))
        {
            // Run as root from a private folder: keep the cluster where the 'postgres' user can reach it,
            // one per checkout.
            var checkout = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12].ToLowerInvariant();
            dataDirectory = Path.Combine("/var/tmp", "vig-postgres-" + checkout);
        }

        var database = configuration["LocalPostgres:Database"] ?? "vig";
        var cluster = await LocalPostgresCluster.StartAsync(dataDirectory, throwaway: false);
        await cluster.CreateDatabaseIfMissingAsync(database);
        configuration[$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = cluster.ConnectionString(database);

        // Registered before every other hosted service, so it stops after all of them.
        builder.Services.AddHostedService(_ => new LocalClusterLifetime(cluster));
        return cluster;
    }

    private sealed class LocalClusterLifetime(LocalPostgresCluster cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}
