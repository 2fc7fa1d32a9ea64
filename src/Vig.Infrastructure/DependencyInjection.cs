using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vig.Application.Common;
using Vig.Application.ReferenceData;
using Vig.Application.Referrals;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Idempotency;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Vig";

    /// <summary>
    /// PostgreSQL through one shared <see cref="NpgsqlDataSource"/> (one connection pool) and a
    /// pooled <see cref="VigDbContext"/>; the adapters behind the Application's ports.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton(_ =>
        {
            var connectionString = configuration.GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"The connection string 'ConnectionStrings:{ConnectionStringName}' is not set (environment variable ConnectionStrings__{ConnectionStringName}).");
            }

            return new NpgsqlDataSourceBuilder(connectionString).Build();
        });
        services.AddDbContextPool<VigDbContext>((provider, options) =>
            ConfigureDbContext(options, provider.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(provider.GetServices<IInterceptor>()));

        services.AddScoped<IReferenceData, ReferenceData>();
        services.AddScoped<IReferralRepository, ReferralRepository>();
        services.AddScoped<IReferralQueries, ReferralQueries>();
        services.AddScoped<IAuditTrail, EfAuditTrail>();
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.AddSingleton<IIdempotencyStore, PostgresIdempotencyStore>();
        services.AddHostedService<ExpiredKeyCleanup>();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"]);
        return services;
    }

    /// <summary>Adds the start-up migrator (the API does this unless Database:MigrateOnStartup is false).</summary>
    public static IServiceCollection AddDatabaseMigrationOnStartup(this IServiceCollection services) =>
        services.AddHostedService<DatabaseMigrator>();

    internal static DbContextOptionsBuilder ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseSnakeCaseNamingConvention();
}
