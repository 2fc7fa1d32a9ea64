using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Telemetry;

/// <summary>Traces, log correlation and metrics as an operations team reads them (docs/operations.md, Telemetry).</summary>
public sealed partial class TelemetryTests(ApiFixture api) : ApiTestBase(api)
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Traceparent = $"00-{TraceId}-00f067aa0ba902b7-01";

    [Fact]
    public async Task Problem_ForARequestWithTraceparent_CarriesItsTraceId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{Guid.NewGuid()}");
        using var response = await SendAsCallerAsync(Client, request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(TraceId, problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Problem_WithoutTraceparent_CarriesANewW3CTraceId()
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task RequestLog_AtInformation_HasEveryRequest_WithRouteTemplateStatusTimeAndTraceId()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Information")
            .ConfigureLogging(l => l.AddProvider(logs)));
        using var client = logged.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        var missing = Guid.NewGuid();

        // A new host's first requests can be slow (logged at Warning): only those after these count.
        (await client.GetAsync(new Uri("/api/v1/concern-categories", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative))).Dispose();
        var before = (await RequestLinesAsync(logs, 0, 2)).Count == 2 ? logs.Entries.Count : throw new InvalidOperationException("The warm-up requests were not logged.");

        (await client.GetAsync(new Uri("/api/v1/concern-categories", UriKind.Relative))).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{missing}?externalCaseId=CASE-QZ-1");
        (await SendAsCallerAsync(client, request)).Dispose();
        (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).Dispose();

        var lines = await RequestLinesAsync(logs, before, 2);
        await Task.Delay(200); // a line for /health/live would come now
        Assert.Equal(2, (await RequestLinesAsync(logs, before, 2)).Count);
        Assert.All(lines, line => Assert.StartsWith("Information ", line, StringComparison.Ordinal));
        Assert.Matches(@"HTTP GET /api/v1/concern-categories answered 200 in \d+\.\d ms, trace [0-9a-f]{32}", lines[0]);
        Assert.Matches(Regex.Escape("HTTP GET /api/v1/referrals/{id:uuid} answered 404 in ") + @"\d+\.\d ms, trace " + TraceId, lines[1]);
        Assert.DoesNotContain(lines, line => line.Contains(missing.ToString(), StringComparison.Ordinal) || line.Contains("CASE-QZ-1", StringComparison.Ordinal));

        // Every entry written while serving the traced request carries its trace id in a scope.
        var traced = logs.Entries.Where(e => e.Contains($"TraceId:{TraceId}", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines[1], traced);
    }

    [Fact]
    public async Task FailedRequest_ItsErrorLinesCarryTheCorrelationAndTraceIds_AndItsRequestLineTheFinalStatus()
    {
        // No database: the key middleware fails before any endpoint runs, so the outermost exception handler answers.
        var logs = new CapturingLoggerProvider();
        await using var faulty = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Vig", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2")
            .UseSetting("Database:MigrateOnStartup", "false")
            .ConfigureLogging(l => l.AddProvider(logs)));
        using var client = faulty.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody()) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add(Vig.Api.Http.CorrelationId.Header, "case-system-call-42");
        using var response = await SendAsCallerAsync(client, request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        await RequestLinesAsync(logs, 0, 1);
        var errorLines = logs.Entries.Where(e => e.Contains("Vig.Api.Errors.ProblemExceptionHandler:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errorLines);
        Assert.All(errorLines, line =>
        {
            Assert.Contains("CorrelationId:case-system-call-42", line, StringComparison.Ordinal);
            Assert.Contains($"TraceId:{TraceId}", line, StringComparison.Ordinal);
        });
        var requestLine = Assert.Single(logs.Entries, e => e.Contains("Vig.Api.Http.CorrelationId: HTTP POST /api/v1/referrals/", StringComparison.Ordinal));
        Assert.Contains("answered 503", requestLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTEL_TRACES_SAMPLER", "parentbased_always_on")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")] // nobody listens: the exporter's failures stay in the background
    public async Task Spans_OfARequest_IncludeItsSql_UnderTheRequestsTrace(string setting, string value)
    {
        var spans = new List<Activity>();
        await using var traced = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting(setting, value)
            .ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = traced.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/concern-categories");
        (await SendAsCallerAsync(client, request)).EnsureSuccessStatusCode();
        // The request's span ends after its answer is sent: wait for it (5 s at most).
        Activity[] ofTrace = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(5); DateTime.UtcNow < deadline && !ofTrace.Any(s => s.Kind == ActivityKind.Server); await Task.Delay(50))
        {
            traced.Services.GetRequiredService<TracerProvider>().ForceFlush();
            lock (spans)
            {
                ofTrace = [.. spans.Where(s => s.TraceId.ToHexString() == TraceId)];
            }
        }

        var server = Assert.Single(ofTrace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("GET /api/v1/concern-categories", server.DisplayName);
        var sql = Assert.Single(ofTrace, s => s.Source.Name == "Npgsql" && SqlOf(s).Contains("concern_categories", StringComparison.Ordinal));
        Assert.Equal(server.SpanId, sql.ParentSpanId);
    }

    [Fact]
    public async Task Spans_WithNowhereToSendThem_AreNotRecorded_ButTheTraceIdIsPassedOn()
    {
        var spans = new List<Activity>();
        await using var untraced = Fixture.Factory.WithWebHostBuilder(b => b
            .ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = untraced.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{Guid.NewGuid()}");
        using var response = await SendAsCallerAsync(client, request);
        await Task.Delay(500); // the request's span, if any, ends after the answer
        untraced.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(TraceId, problem.GetProperty("traceId").GetString());
        lock (spans)
        {
            Assert.Empty(spans);
        }
    }

    [Fact]
    public async Task TransitionCounter_CountsAnAccept_ByItsAuditAction()
    {
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = ListenTo("vig.referral.transitions", (value, tags) =>
        {
            lock (counted)
            {
                var transition = (string)tags.ToArray().Single(t => t.Key == "transition").Value!;
                counted[transition] = counted.GetValueOrDefault(transition) + value;
            }
        });

        await Api.ChangeAsync(referral, "accept");

        lock (counted)
        {
            Assert.Equal(new Dictionary<string, long> { [AuditActions.Accept] = 1 }, counted);
        }

        var scrape = await ScrapeAsync(Client, AcceptsCounted);
        Assert.Matches("(?m)^vig_referral_transitions_total\\{[^}]*transition=\"referral.accept\"[^}]*\\} [1-9]", scrape);
    }

    [Fact]
    public async Task Metrics_Scrape_IsAnonymous_HasTheDashboardsFamilies_AndPassesPromtool()
    {
        // Every family a dashboard reads has had a measurement: a request, a refusal, a transition.
        var referral = await Api.RecordMotherConsentAsync(await Api.CreateAsync(ReferralApi.EligibleBody(submit: true)));
        await Api.ChangeAsync(referral, "accept");
        (await Client.GetAsync(new Uri($"/api/v1/referrals/{Guid.NewGuid()}", UriKind.Relative))).Dispose();

        using var anonymous = Fixture.Factory.CreateClient();
        var scrape = await ScrapeAsync(anonymous, RequestDurationOf404);

        var (exitCode, output) = await PromtoolCheckAsync(scrape);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode} (1: unreadable, 3: lint warnings):\n{output}");
        Assert.Matches(RequestDurationOf404(), scrape);
        Assert.Matches("(?m)^vig_referral_transitions_total\\{", scrape);
        Assert.Matches("(?m)^db_client_connections\\{(?=[^}]*db_client_connection_pool_name=\"vig\")(?=[^}]*db_client_connection_state=\"used\")", scrape);
        Assert.DoesNotContain(referral.Id.ToString(), scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithAScopeSetting_AreForTokensWithThatScopeOnly()
    {
        await using var guarded = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:MetricsScope", "metrics.read"));
        using var anonymous = guarded.CreateClient();
        using var withoutScope = guarded.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        using var withScope = guarded.CreateClient().As("monitoring", "metrics.read");

        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var forbidden = await withoutScope.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var allowed = await withScope.GetAsync(new Uri("/metrics", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [GeneratedRegex("(?m)^http_server_request_duration_seconds_count\\{(?=[^}]*http_route=\"/api/v1/referrals/\\{id:uuid\\}\")(?=[^}]*http_response_status_code=\"404\")")]
    private static partial Regex RequestDurationOf404();

    [GeneratedRegex("(?m)^vig_referral_transitions_total\\{[^}]*transition=\"referral.accept\"")]
    private static partial Regex AcceptsCounted();

    /// <summary>The request lines logged after the first <paramref name="skip"/> entries, once there are <paramref name="expected"/> (5 s at most): a line is written after the answer.</summary>
    private static async Task<List<string>> RequestLinesAsync(CapturingLoggerProvider logs, int skip, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var lines = logs.Entries.Skip(skip).Where(e => e.Contains("Vig.Api.Http.CorrelationId: HTTP ", StringComparison.Ordinal)).ToList();
            if (lines.Count >= expected || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Scrapes /metrics until the scrape shows <paramref name="expected"/>, for up to 5 s: a request's
    /// duration is recorded after its answer is sent, and the exporter keeps a scrape for 300 ms.
    /// </summary>
    private static async Task<string> ScrapeAsync(HttpClient client, Func<Regex> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            var scrape = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            if (expected().IsMatch(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Sends as a caller in the trace <see cref="Traceparent"/> names. Over Kestrel the test's HttpClient,
    /// running in the API's process, writes traceparent itself from the current activity; a host made
    /// by WithWebHostBuilder is reached in memory, where the header is passed as it is.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsCallerAsync(HttpClient client, HttpRequestMessage request)
    {
        request.Headers.Add("traceparent", Traceparent);
        using var caller = new Activity("caller").SetParentId(Traceparent).Start();
        return await client.SendAsync(request);
    }

    private static string SqlOf(Activity span) =>
        (span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement")) as string ?? string.Empty;

    /// <summary>Listens to one of the service's instruments of the fixture's own host (others in the process are ignored).</summary>
    private MeterListener ListenTo(string instrument, Action<long, ReadOnlySpan<KeyValuePair<string, object?>>> measured)
    {
        var meters = Fixture.Factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (published, l) =>
            {
                if (published.Meter.Name == ServiceMetrics.MeterName && ReferenceEquals(published.Meter.Scope, meters) && published.Name == instrument)
                {
                    l.EnableMeasurementEvents(published);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured(value, tags));
        listener.Start();
        return listener;
    }

    /// <summary>Runs `promtool check metrics` (Debian package prometheus) on the scrape.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string scrape)
    {
        var promtool = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "promtool")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("promtool is not installed: `apt-get install -y prometheus` (Debian) gives it; .ci/run installs it.");
        using var process = Process.Start(new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
