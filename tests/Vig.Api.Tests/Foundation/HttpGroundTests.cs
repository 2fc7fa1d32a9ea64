using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.ReferenceData;
using Vig.Domain.Referrals;

namespace Vig.Api.Tests.Foundation;

public sealed class HttpGroundTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task HealthLive_AlwaysAnswers200()
    {
        using var response = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(200, 10, false, "Information")]
    [InlineData(304, 10, false, "Information")]
    [InlineData(200, 1001, false, "Warning")]
    [InlineData(404, 10, false, "Information")]
    [InlineData(422, 10, false, "Information")]
    [InlineData(422, 1500, false, "Warning")]
    [InlineData(500, 10, false, "Warning")]
    [InlineData(503, 10, false, "Warning")]
    [InlineData(200, 10, true, "Debug")]
    [InlineData(503, 10, true, "Warning")]
    [InlineData(401, 10, true, "Information")]
    public void RequestLog_Level_FollowsStatusTimeAndWhetherAMachineAsked(int status, int milliseconds, bool housekeeping, string level) =>
        Assert.Equal(level, Vig.Api.Http.CorrelationId.LevelOf(status, TimeSpan.FromMilliseconds(milliseconds), housekeeping).ToString());

    [Fact]
    public async Task HealthReady_WhenPostgresAnswers_Returns200()
    {
        using var response = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_WhenPostgresDoesNotAnswer_Returns503()
    {
        await using var unreachable = Fixture.Factory.WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Vig", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2")
            .UseSetting("Database:MigrateOnStartup", "false"));
        using var client = unreachable.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemJson()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemJson()
    {
        using var response = await Client.DeleteAsync(new Uri("/api/v1/concern-categories", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemJson_WithoutExceptionTextOrStackTrace()
    {
        await using var broken = Fixture.Factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddScoped<IReferenceData, ExplodingReferenceData>()));
        using var client = broken.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var response = await client.GetAsync(new Uri("/api/v1/concern-categories", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain(ExplodingReferenceData.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ExplodingReferenceData), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaggerUi_AndOpenApiDocument_AreServed()
    {
        using var ui = await Client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));
        var document = await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("/api/v1/concern-categories", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheHttpConventions()
    {
        var document = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative))).RootElement;
        var create = document.GetProperty("paths").GetProperty("/api/v1/referrals").GetProperty("post");
        var accept = document.GetProperty("paths").GetProperty("/api/v1/referrals/{id}/accept").GetProperty("post");

        // Header parameters are defined once under components and referenced.
        IEnumerable<string> Headers(System.Text.Json.JsonElement operation) =>
            operation.GetProperty("parameters").EnumerateArray().Select(p => OpenApiDocument.Resolve(document, p))
                .Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!);

        Assert.Contains("Idempotency-Key", Headers(create));
        Assert.True(create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("submit").GetBoolean());
        Assert.True(create.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("ETag", out _));
        Assert.Contains("If-Match", Headers(accept));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        foreach (var status in new[] { "400", "404", "409", "412", "422", "428" })
        {
            Assert.True(accept.GetProperty("responses").TryGetProperty(status, out _), $"accept documents {status}");
        }
    }

    private sealed class ExplodingReferenceData : IReferenceData
    {
        public const string Secret = "connection to db-secret-host failed for user alice";

        public Task<IReadOnlyList<ConcernCategory>> ConcernCategoriesAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<IReadOnlyList<DeclineReason>> DeclineReasonsAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }
}
