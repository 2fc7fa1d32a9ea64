using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Security;

/// <summary>OWASP API Security Top 10 (2023): API4, API6, API8 and API9. See docs/security.md.</summary>
public sealed class LimitsAndConfigurationTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task API4_ResourceConsumption_EachClientIsRateLimited_With429AndRetryAfter_AndEveryAnswerSaysWhatIsLeft()
    {
        await using var limited = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PermitsPerMinute", "3"));
        using var busy = limited.CreateClient().As(UniqueClient("busy"), TestTokens.DefaultScopes);
        using var quiet = limited.CreateClient().As(UniqueClient("quiet"), TestTokens.DefaultScopes);

        var statuses = new List<HttpStatusCode>();
        var remaining = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await busy.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
            statuses.Add(response.StatusCode);
            remaining.Add(response.Headers.GetValues("RateLimit-Remaining").Single());
            Assert.Equal("3", response.Headers.GetValues("RateLimit-Limit").Single());
            Assert.InRange(int.Parse(response.Headers.GetValues("RateLimit-Reset").Single(), CultureInfo.InvariantCulture), 0, 60);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.Equal("request.rate-limited", problem.GetProperty("code").GetString());
                Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
            }
        }

        using var other = await quiet.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(["2", "1", "0", "0"], remaining);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("2", other.Headers.GetValues("RateLimit-Remaining").Single());

        // Without a token the caller is counted by its address, and a 401 says so too.
        using var anonymous = await limited.CreateClient().GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("3", anonymous.Headers.GetValues("RateLimit-Limit").Single());
    }

    [Fact]
    public async Task API4_ResourceConsumption_EndedWindowsAreForgotten_TheCurrentOneKept()
    {
        var counts = Fixture.Factory.Services.GetRequiredService<Vig.Infrastructure.RateLimits.SharedRequestCounts>();
        var client = UniqueClient("cleanup");
        var now = DateTimeOffset.UtcNow;
        var current = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        await counts.CountAsync(client, current.AddMinutes(-5), CancellationToken.None);
        await counts.CountAsync(client, current, CancellationToken.None);
        Assert.Equal(2, await counts.CountAsync(client, current, CancellationToken.None));

        await counts.DeleteEndedAsync(current.AddMinutes(-2), CancellationToken.None);

        Assert.Equal(1, await Api.CountAsync($"rate_limit_windows WHERE client = '{client}'"));
        Assert.Equal(3, await counts.CountAsync(client, current, CancellationToken.None));
    }

    [Fact]
    public async Task API4_ResourceConsumption_AClientsLimitHoldsAcrossInstances()
    {
        // Two hosts on one database: two instances of the service behind a load balancer.
        await using var first = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PermitsPerMinute", "4"));
        await using var second = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PermitsPerMinute", "4"));
        var client = UniqueClient("spread");
        using var viaFirst = first.CreateClient().As(client, TestTokens.DefaultScopes);
        using var viaSecond = second.CreateClient().As(client, TestTokens.DefaultScopes);

        var statuses = new List<HttpStatusCode>();
        foreach (var via in new[] { viaFirst, viaSecond, viaFirst, viaSecond, viaFirst, viaSecond })
        {
            using var response = await via.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task API4_ResourceConsumption_WithoutTheSharedCount_EachInstanceLimitsOnItsOwn_AndWarns()
    {
        // No database, so no shared count: reference data (held in memory) is still served, up to this instance's own limit.
        var logs = new CapturingLoggerProvider();
        await using var alone = Fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Vig", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2")
            .UseSetting("Database:MigrateOnStartup", "false")
            .UseSetting("RateLimiting:PermitsPerMinute", "3")
            .ConfigureLogging(l => l.AddProvider(logs)));
        using var client = alone.CreateClient().As(UniqueClient("alone"), TestTokens.DefaultScopes);

        var answers = new List<(HttpStatusCode Status, string Remaining)>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
            answers.Add((response.StatusCode, response.Headers.GetValues("RateLimit-Remaining").Single()));
        }

        Assert.Equal(
            [(HttpStatusCode.OK, "2"), (HttpStatusCode.OK, "1"), (HttpStatusCode.OK, "0"), (HttpStatusCode.TooManyRequests, "0")],
            answers);
        Assert.Single(logs.Entries, e => e.StartsWith("Warning Vig.Api.Security.ClientRateLimit: Rate limits are counted per instance", StringComparison.Ordinal));
    }

    private static string UniqueClient(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task API4_ResourceConsumption_BodiesOver256KB_Return413()
    {
        var body = ReferralApi.EligibleBody();
        body["concernAccount"] = new string('a', 300 * 1024);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task API4_ResourceConsumption_DeeplyNestedJson_Returns400()
    {
        var deep = new StringBuilder("{\"child\":");
        deep.Insert(deep.Length, "{\"a\":", 40).Append('1').Append('}', 41);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent(deep.ToString(), Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task API4_ResourceConsumption_LongTextsAreRefused_NamingTheField()
    {
        var body = ReferralApi.EligibleBody();
        body["concernAccount"] = new string('a', 4001);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("concernAccount", out _));
    }

    [Fact]
    public async Task API4_ResourceConsumption_PagesAreCapped()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/referrals?limit=1000", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task API6_BusinessFlow_AReferralCannotBeAcceptedWithoutMeetingTheRules_EvenByTheVigTeam()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        using var team = Fixture.CreateClient("vig-team", Vig.Application.Common.Scopes.Decide);
        var teamApi = new ReferralApi(Fixture, team);

        using var accept = await teamApi.PostAsync(referral.Id, "accept", referral.ETag);

        await ProblemAssert.IsProblemAsync(accept, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task API6_BusinessFlow_ARetriedSubmissionCreatesOneReferral()
    {
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = ReferralApi.Json(ReferralApi.EligibleBody(submit: true)) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(1, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task API8_Misconfiguration_ResponsesCarrySecurityHeaders_AndNoServerBanner()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/referral-routes", UriKind.Relative));
        using var error = await Client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        foreach (var r in new[] { response, error })
        {
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.False(r.Headers.Contains("Server"), "No server banner.");
        }
    }

    [Fact]
    public async Task API8_Misconfiguration_CrossOriginBrowsersAreNotInvited()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/referrals");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task API9_Inventory_EveryApiEndpointIsDocumented_AndVersioned()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative))).RootElement.GetProperty("paths");
        var documented = document.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        var mapped = Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.All(mapped, endpoint =>
        {
            Assert.StartsWith(endpoint.Split(' ')[0] + " /api/v1/", endpoint, StringComparison.Ordinal);
            Assert.Contains(endpoint, documented);
        });
    }

    private static string Normalise(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), "{([a-zA-Z]+):[a-z]+(\\([0-9]+\\))?}", "{$1}");
}
