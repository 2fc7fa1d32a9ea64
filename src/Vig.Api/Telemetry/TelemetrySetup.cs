using System.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vig.Api.Security;
using Vig.Application.Common;

namespace Vig.Api.Telemetry;

/// <summary>
/// Traces, metrics and log correlation with OpenTelemetry (docs/decisions/0027-telemetry.md):
/// every request has a W3C trace (the caller's traceparent when it sends one), whose id is in
/// every log line and problem answer; metrics are scraped at /metrics and, like traces, sent by
/// OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>The resource's service.name unless OTEL_SERVICE_NAME says otherwise.</summary>
    public const string ServiceName = "vig-referral-service";

    /// <summary>The policy guarding /metrics when Telemetry:MetricsScope names a scope.</summary>
    public const string MetricsPolicy = "metrics";

    public static WebApplicationBuilder AddVigTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // The trace and span ids join every log entry's scopes, so a log line leads to its trace.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !IsHousekeeping(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(Vig.Infrastructure.DependencyInjection.WebhookTraceSource);

                // With nowhere to send spans, none is recorded; the request's trace id is still made
                // (or taken from traceparent) and propagated. OTEL_TRACES_SAMPLER, when set, decides.
                if (!otlp && string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"]))
                {
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()

                // Prometheus reserves the _count suffix for histograms (promtool warns): the pool's
                // open connections by state are db_client_connections rather than db_client_connection_count.
                .AddView("db.client.connection.count", new MetricStreamConfiguration { Name = "db.client.connections" })
                .AddMeter(ServiceMetrics.MeterName)
                .AddPrometheusExporter());
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        var scope = configuration["Telemetry:MetricsScope"];
        if (!string.IsNullOrWhiteSpace(scope))
        {
            builder.Services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, p => p.RequireAssertion(c => SecuritySetup.HasAnyScope(c.User, scope)));
        }

        return builder;
    }

    /// <summary>Prometheus text at /metrics, for whoever may reach /health unless Telemetry:MetricsScope names a scope.</summary>
    public static WebApplication MapVigMetrics(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (string.IsNullOrWhiteSpace(app.Configuration["Telemetry:MetricsScope"]))
        {
            endpoint.AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(MetricsPolicy);
        }

        return app;
    }

    /// <summary>Health probes and scrapes come every few seconds from machines: no trace, no rate limit.</summary>
    public static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>The request's W3C trace id (32 hex digits), or the server's request id outside any trace.</summary>
    public static string TraceIdOf(HttpContext http) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : http.TraceIdentifier;
}
