using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vig.Api.Tests.Fixtures;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// The real API on Kestrel at a free loopback port, as in the HTTP tests, plus two test-only
/// parts: the <see cref="CommitFault"/> interceptor in the DbContext, and a log that keeps the
/// server's errors by kind instead of printing thousands of stack traces.
/// </summary>
public sealed class ReliabilityApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    public ReliabilityApiFactory(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(0);
    }

    public CommitFault CommitFault { get; } = new();

    public ServerErrorLog Errors { get; } = new();

    public Uri Address =>
        new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// A client of its own connection pool, authenticated as <see cref="TestTokens.DefaultClient"/>.
    /// Header values go out as UTF-8 so hostile input can carry non-ASCII text.
    /// </summary>
    public HttpClient CreateApiClient(int connections = 8)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(120) };
        return client.As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Vig", _connectionString);
        builder.UseSetting("Authentication:Issuer", TestTokens.Issuer);
        builder.UseSetting("Authentication:Audience", TestTokens.Audience);
        builder.UseSetting("Authentication:Jwks", TestTokens.PublicJwks);

        // A test host stops at once, without the production drain delay.
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");

        // The suite sends thousands of requests a minute as one client; the limiter has its own test.
        builder.UseSetting("RateLimiting:PermitsPerMinute", "100000000");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Errors);
        });
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(CommitFault));
    }
}
