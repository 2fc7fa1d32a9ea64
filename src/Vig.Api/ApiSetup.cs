using FluentValidation;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerUI;
using Vig.Api.Endpoints;
using Vig.Api.Errors;
using Vig.Api.Hosting;
using Vig.Api.Http;
using Vig.Api.OpenApi;
using Vig.Api.Security;
using Vig.Api.Telemetry;
using Vig.Application;
using Vig.Application.Common;
using Vig.Application.Reports;
using Vig.Application.Retention;
using Vig.Application.ServiceLevels;
using Vig.Domain.Acceptance;
using Vig.Infrastructure;

namespace Vig.Api;

/// <summary>The composition root: which services the API has, and the order requests pass through.</summary>
internal static partial class ApiSetup
{
    public static WebApplicationBuilder AddVigApi(this WebApplicationBuilder builder, bool migrateOnStartup)
    {
        var services = builder.Services;

        // ASP.NET Core's request log includes the query string, which can carry a case id: it stays
        // off whatever the configured levels say; CorrelationId writes the request log instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.AddVigSecurity();
        builder.AddVigTelemetry();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;

            // Kestrel refuses requests beyond these before any middleware runs, with an empty answer
            // (docs/decisions/0004-errors.md). They are its defaults, set here so that they stay put:
            // a client sending a bearer token and the documented query parameters uses a few KB.
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
        });
        services.AddApplication();
        services.AddSingleton(provider => new ServiceMetrics(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>().Create(new System.Diagnostics.Metrics.MeterOptions(ServiceMetrics.MeterName))));
        services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.AnonymiseAfter >= TimeSpan.Zero, "Retention__AnonymiseAfter must not be negative, e.g. 2555.00:00:00 for seven years.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<RetentionOptions>>().Value);
        services.AddOptions<OutcomeReportOptions>()
            .Bind(builder.Configuration.GetSection(OutcomeReportOptions.Section))
            .Validate(o => o.SmallCellSuppression >= 1, "Reports__SmallCellSuppression must be a whole number of referrals, 1 or more (1 shows every group), e.g. 5.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<OutcomeReportOptions>>().Value);
        services.AddOptions<ServiceLevelOptions>()
            .Bind(builder.Configuration.GetSection(ServiceLevelOptions.Section))
            .Validate(
                o => new[] { o.DecisionWorkingDays, o.InformationWorkingDays, o.AllocationWorkingDays }.All(d => d is >= 1 and <= Vig.Domain.ServiceLevels.ServiceLevelTargets.MaxWorkingDays) && o.OverdueCheckInterval > TimeSpan.Zero,
                $"ServiceLevels__DecisionWorkingDays, __InformationWorkingDays and __AllocationWorkingDays must be whole numbers of working days from 1 to {Vig.Domain.ServiceLevels.ServiceLevelTargets.MaxWorkingDays}, and ServiceLevels__OverdueCheckInterval a positive duration, e.g. 00:00:20.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ServiceLevelOptions>>().Value);
        services.AddHostedService<OverdueClocks>();
        services.AddInfrastructure(builder.Configuration);
        services.AddGracefulShutdown(builder.Configuration);
        services.AddSingleton<Vig.Application.Webhooks.IEventEnvelope, Contracts.ApiEventEnvelope>();

        // The validators of the wire bodies parsed at the edge (Contracts/), run by WireBodies.
        services.AddValidatorsFromAssemblyContaining<Contracts.ReferralRequest>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<WireBodies>();
        if (migrateOnStartup && builder.Configuration.GetValue("Database:MigrateOnStartup", defaultValue: true))
        {
            services.AddDatabaseMigrationOnStartup();
        }

        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => ConfigureJson(options.JsonSerializerOptions));

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentClient, HttpCurrentClient>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(ServiceTimeZone(builder.Configuration["Service:TimeZone"] ?? "Europe/London"));
        services.AddSingleton(AcceptancePolicy.Current);

        // Unreadable JSON raises BadHttpRequestException so the exception handler can name the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<UuidRouteConstraint>(UuidRouteConstraint.Name));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            ProblemTypes.Fill(context.ProblemDetails);

            // The W3C trace id, the one in the logs and traces, rather than the framework's full
            // traceparent or Kestrel's connection id.
            context.ProblemDetails.Extensions["traceId"] = TelemetrySetup.TraceIdOf(context.HttpContext);
        });
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "VIG Referral Service",
                Version = "v1",
                Description = """
                    Referrals to the Video Interaction Guidance service from Together for Families professionals: submit, review, decide and track.

                    A journey in Swagger UI: mint a token (`dotnet run --project src/Vig.Api -- token case-system-a referrals.submit referrals.read referrals.decide`)
                    and paste it into Authorize. POST /referrals with the example body, which is submitted at once; note the ETag. POST the
                    example consent to /referrals/{id}/consents; then POST /accept, /allocate and /close, each with If-Match set to the latest ETag.
                    Every answer lists `allowedActions`. Errors are application/problem+json with a traceId; validation errors name fields by JSON path.
                    Idempotency keys are kept for 24 hours.
                    """,
            });
            // The contract records' XML comments describe every schema and property (CS1591 keeps them there).
            var documentation = Path.Combine(AppContext.BaseDirectory, "Vig.Api.xml");
            options.IncludeXmlComments(documentation);
            using (var reader = System.Xml.XmlReader.Create(documentation, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null }))
            {
                options.SchemaFilter<ContractSchemaFilter>(new System.Xml.XPath.XPathDocument(reader));
            }

            options.SchemaFilter<WireLimitsSchemaFilter>();
            options.ParameterFilter<QueryValueParameterFilter>();
            options.DocumentFilter<QueryValueSchemaRemover>();
            options.OperationFilter<HttpConventionsFilter>();
            options.OperationFilter<CatalogueListOperationFilter>();

            // A nullable or described reference needs allOf in OpenAPI 3.0: without it, generated
            // clients read a nullable property as never null.
            options.UseAllOfToExtendReferenceSchemas();
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                // OWASP's API ruleset asks the scheme to say it follows RFC8725; it is true of SecuritySetup.
                Description = "A client-credentials access token: a signed JWT, validated as RFC8725 (JWT Best Current Practices) advises. "
                    + "Only RS256, PS256 and ES256 signatures from the configured identity provider's keys are accepted (never alg none); "
                    + "issuer, audience and expiry are always checked, and tokens living longer than the configured maximum are refused. "
                    + "Locally: dotnet run --project src/Vig.Api -- token <client-id> <scope>...",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            options.SupportNonNullableReferenceTypes();
        });
        return builder;
    }

    public static WebApplication UseVigApi(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            // Behind the council's reverse proxy: trust only the proxies named in ForwardedHeaders:KnownProxies.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        // Outermost, so the request line has the final status and error lines the correlation id;
        // then the exception handler, so failures of the middleware below still answer with problem details.
        app.UseMiddleware<CorrelationId>();
        app.UseExceptionHandler();
        app.UseMiddleware<SecurityHeaders>();
        if (configuration.GetValue("Https:Hsts", false))
        {
            app.UseHsts();
        }

        if (configuration.GetValue("Https:Redirect", false))
        {
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePages();
        app.UseAuthentication();
        // After authentication, so a client is counted by its client id; before every middleware
        // that can answer 2xx or 4xx, so each such answer carries the RateLimit headers.
        app.UseMiddleware<ClientRateLimit>();
        app.UseMiddleware<Utf8RequestBodies>();
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.DocumentTitle = "VIG Referral Service";

            // Integration testers reload the page often: the pasted token is kept in the browser's
            // local storage until they log out of Authorize. Schemas open five levels deep, so a
            // referral's child, referrer and parent/carers read without clicking every [...].
            options.EnablePersistAuthorization();
            options.DefaultModelExpandDepth(5);
            options.DefaultModelsExpandDepth(1);
            options.DefaultModelRendering(ModelRendering.Example);
        });
        app.UseAuthorization();

        // After authorisation, so only a client allowed to make the request touches the key table
        // (keys are per client); outside the inner exception handler, so it keeps the final answer.
        app.UseMiddleware<IdempotencyKeys>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapVigMetrics();

        app.MapGroup("/api/v1").MapReferenceData().MapReferrals().MapQuestionnaires().MapReports().MapEvents().MapWebhooks();
        return app;
    }

    /// <summary>A referral is a few kilobytes; anything near this is a mistake or an attack (413).</summary>
    public const int MaxRequestBodyBytes = 256 * 1024;

    /// <summary>All request headers together (431 beyond it), the number of headers (431) and the request line with its query (414).</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    public const int MaxRequestHeaderCount = 100;

    public const int MaxRequestLineBytes = 8 * 1024;

    private static void ConfigureJson(JsonSerializerOptions json)
    {
        json.MaxDepth = 16;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>The council's time zone: decisions and ages are counted in its calendar days.</summary>
    private static TimeZoneInfo ServiceTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : throw new InvalidOperationException($"Service:TimeZone '{id}' is not a time zone known to this machine (install tzdata).");

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the local PostgreSQL cluster in {DataDirectory} on port {Port}")]
    public static partial void LocalClusterStarted(this ILogger logger, string dataDirectory, int port);
}
