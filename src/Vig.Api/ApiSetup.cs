using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Vig.Api.Endpoints;
using Vig.Api.Errors;
using Vig.Application;
using Vig.Infrastructure;

namespace Vig.Api;

/// <summary>The composition root: which services the API has, and the order requests pass through.</summary>
internal static partial class ApiSetup
{
    public static WebApplicationBuilder AddVigApi(this WebApplicationBuilder builder, bool migrateOnStartup)
    {
        var services = builder.Services;
        services.AddApplication();
        services.AddInfrastructure(builder.Configuration);
        if (migrateOnStartup && builder.Configuration.GetValue("Database:MigrateOnStartup", defaultValue: true))
        {
            services.AddDatabaseMigrationOnStartup();
        }

        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        // Unreadable JSON raises BadHttpRequestException so the exception handler can name the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options => options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "VIG Referral Service",
            Version = "v1",
            Description = "Referrals to the Video Interaction Guidance service from Together for Families professionals: submit, review, decide and track.",
        }));
        return builder;
    }

    public static WebApplication UseVigApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "VIG Referral Service");

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        app.MapGroup("/api/v1").MapReferenceData();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the local PostgreSQL cluster in {DataDirectory} on port {Port}")]
    public static partial void LocalClusterStarted(this ILogger logger, string dataDirectory, int port);
}
