using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Vig.Application.Common;
using Vig.Application.ReferenceData;
using Vig.Application.Referrals;
using Vig.Application.Reports;
using Vig.Application.Events;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Events;
using Vig.Infrastructure.Idempotency;
using Vig.Infrastructure.Persistence;
using Vig.Infrastructure.Questionnaires;
using Vig.Infrastructure.Reports;
using Vig.Infrastructure.Webhooks;
using Vig.Application.Webhooks;

namespace Vig.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Vig";

    /// <summary>An optional second connection string, used only by reports and exports (e.g. a streaming replica).</summary>
    public const string ReportsConnectionStringName = "VigReports";

    /// <summary>The activity source of webhook delivery attempts, which the API's tracing listens to.</summary>
    public const string WebhookTraceSource = WebhookDispatcher.TraceSource;

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

            return PoolBuilder(WithFailoverDefaults(connectionString), "vig").Build();
        });
        services.AddSingleton(provider =>
        {
            var reports = configuration.GetConnectionString(ReportsConnectionStringName);
            return string.IsNullOrWhiteSpace(reports)
                ? new ReportsDatabase(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<NpgsqlDataSource>(), separate: false)
                : new ReportsDatabase(provider.GetRequiredService<NpgsqlDataSource>(), PoolBuilder(reports, "vig-reports").Build(), separate: true);
        });
        services.AddSingleton<DatabaseFailures>();
        services.AddDbContextPool<VigDbContext>((provider, options) =>
            ConfigureDbContext(options, provider.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(provider.GetServices<IInterceptor>()));

        // Read once at start-up: a file that cannot be used stops the start (ADR 0016).
        services.AddSingleton(QuestionnaireFile.Load(configuration[QuestionnaireFile.Setting] is { Length: > 0 } file ? file : QuestionnaireFile.DefaultPath));
        services.AddScoped<IReferenceData, ReferenceData>();
        services.AddSingleton<ReferenceNumbers>();
        services.AddSingleton<RateLimits.SharedRequestCounts>();
        services.AddSingleton<Vig.Domain.ServiceLevels.IBankHolidays, ServiceLevels.EnglandAndWalesBankHolidays>();
        services.AddScoped<IReferralRepository, ReferralRepository>();
        services.AddScoped<IReferralQueries, ReferralQueries>();
        services.AddScoped<IPossibleDuplicateStore, PossibleDuplicateStore>();
        services.AddScoped<IReportQueries, ReportQueries>();
        services.AddScoped<Vig.Application.ServiceLevels.IServiceLevelQueries, ServiceLevels.ServiceLevelQueries>();
        services.AddScoped<IAuditTrail, EfAuditTrail>();
        services.AddScoped<ReadAudit>();
        services.AddScoped<IEventOutbox, EfEventOutbox>();
        services.AddScoped<IEventFeed, EventFeed>();
        AddWebhooks(services, configuration);
        services.AddOptions<IdempotencyOptions>()
            .Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.Retention > TimeSpan.Zero, "Idempotency__Retention must be a positive duration, e.g. 1.00:00:00 for 24 hours.")
            .Validate(o => o.InFlightWait >= TimeSpan.Zero, "Idempotency__InFlightWait must not be negative, e.g. 00:00:05.")
            .ValidateOnStart();
        services.AddScoped<IIdempotencyStore, PostgresIdempotencyStore>();
        services.AddScoped<IRequestRetryPolicy, DatabaseRetryPolicy>();
        services.AddHostedService<ExpiredKeyCleanup>();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"]);
        return services;
    }

    /// <summary>Subscriptions, the SSRF rules, the secrets' key, the outgoing HTTP client and the dispatcher (ADR 0019).</summary>
    private static void AddWebhooks(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay && o.RetryWindow > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.MaxInFlight > 0 && o.MaxInFlightPerClient > 0 && o.MaxInFlightPerSubscription > 0,
                "Webhooks__AttemptTimeout, FirstRetryDelay, RetryWindow and PollInterval must be positive durations, MaxRetryDelay at least FirstRetryDelay, and MaxInFlight, MaxInFlightPerClient and MaxInFlightPerSubscription positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
        services.AddSingleton(provider => SecretProtector.From(provider.GetRequiredService<WebhookOptions>(), provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<IWebhookUrlPolicy>(provider => provider.GetRequiredService<WebhookUrlPolicy>());
        services.AddScoped<IWebhookStore, WebhookStore>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = provider.GetRequiredService<WebhookUrlPolicy>().ConnectAsync,
            })
            .AddResilienceHandler("webhook-attempt", (pipeline, context) => pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<WebhookOptions>().AttemptTimeout));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
    }

    /// <summary>Adds the start-up migrator (the API does this unless Database:MigrateOnStartup is false).</summary>
    public static IServiceCollection AddDatabaseMigrationOnStartup(this IServiceCollection services) =>
        services.AddHostedService<DatabaseMigrator>();

    /// <summary>
    /// Npgsql's default pool (100) equals PostgreSQL's default max_connections, so one busy instance
    /// could take every slot and the server would refuse the rest ("too many clients"). Unless the
    /// connection string says otherwise, an instance keeps at most this many connections; with N
    /// instances keep N x Maximum Pool Size plus other clients below max_connections minus
    /// superuser_reserved_connections (README, Configuration).
    /// </summary>
    public const int DefaultMaxPoolSize = 25;

    /// <summary>Statements prepared automatically on each connection, kept while it is pooled (README, Configuration).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The pool's defaults, each only where the connection string does not set it: at most
    /// <see cref="DefaultMaxPoolSize"/> connections; statements prepared from their second use
    /// (<c>Max Auto Prepare</c>, <c>Auto Prepare Min Usages</c>) and kept across pooled uses of a
    /// connection (<c>No Reset On Close</c>: no DISCARD ALL, which would drop them). Nothing relies
    /// on session state being reset: the service sets no session variable (lock_timeout is set with
    /// set_config(..., true), i.e. for the transaction), its advisory locks are transaction-scoped,
    /// and it opens no cursors or temporary tables. A returned connection with an open transaction
    /// is still rolled back by Npgsql.
    /// </summary>
    /// <summary>
    /// A pool named for its metrics, which would otherwise be labelled with the connection string
    /// (host, user). SQL is traced only within a trace (a request, a webhook attempt): the
    /// dispatcher's polls would otherwise start a trace each every few seconds.
    /// </summary>
    private static NpgsqlDataSourceBuilder PoolBuilder(string connectionString, string name)
    {
        var builder = new NpgsqlDataSourceBuilder(WithPoolDefaults(connectionString)) { Name = name };
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null)
            .ConfigureBatchFilter(_ => System.Diagnostics.Activity.Current is not null));
        return builder;
    }

    internal static string WithPoolDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey says whether a keyword exists, not whether the
        // string sets it: the keys actually given are read with the plain builder, in any spelling.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        bool Sets(params string[] spellings) => spellings.Any(given.Contains);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("MAXIMUMPOOLSIZE", "MAXPOOLSIZE"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Sets("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Sets("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Sets("AUTOPREPAREMINUSAGES"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>How long Npgsql trusts a host's role (primary, standby, offline) unless told otherwise (ADR 0026).</summary>
    public const int DefaultHostRecheckSeconds = 2;

    /// <summary>
    /// With several hosts (e.g. <c>Host=pg-a:5432,pg-b:5432</c>), the service's own connections go to
    /// the primary only (<c>Target Session Attributes=primary</c>; Npgsql's default, any, would write
    /// to whichever host answers first) and a host's role is trusted for
    /// <see cref="DefaultHostRecheckSeconds"/> instead of Npgsql's 10, which bounds how long writes
    /// wait after a standby is promoted. Each only where the connection string does not set it.
    /// </summary>
    internal static string WithFailoverDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Host?.Contains(',', StringComparison.Ordinal) != true)
        {
            return connectionString;
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("TARGETSESSIONATTRIBUTES"))
        {
            builder.TargetSessionAttributes = "primary";
        }

        if (!given.Contains("HOSTRECHECKSECONDS"))
        {
            builder.HostRecheckSeconds = DefaultHostRecheckSeconds;
        }

        return builder.ConnectionString;
    }

    /// <summary>How every <see cref="VigDbContext"/> is configured: the API's and the design-time one.</summary>
    internal static DbContextOptionsBuilder ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new StatementTags());
}
