using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Vig.Api.Tests.Fixtures;

/// <summary>The real API, on Kestrel at a free loopback port, against the test run's database.</summary>
public sealed class VigApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="connectionString">The database the API uses.</param>
    /// <param name="configure">Settings or services a test adds on top, e.g. injected database faults.</param>
    public VigApiFactory(string connectionString, Action<IWebHostBuilder>? configure = null)
    {
        _connectionString = connectionString;
        _configure = configure;
        UseKestrel(0);
    }

    public TestClock Clock { get; } = new();

    /// <summary>The key that protects webhook secrets in the tests (base64 of 32 bytes).</summary>
    public const string TestSecretKey = "dGVzdC1rZXktZm9yLXdlYmhvb2stc2VjcmV0cy0zMmI=";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Vig", _connectionString);
        builder.UseSetting("Authentication:Issuer", TestTokens.Issuer);
        builder.UseSetting("Authentication:Audience", TestTokens.Audience);
        builder.UseSetting("Authentication:Jwks", TestTokens.PublicJwks);

        // The suite sends hundreds of requests a minute as one client; the limiter has its own test.
        builder.UseSetting("RateLimiting:PermitsPerMinute", "1000000");

        // A duplicate waits this long for a running request with its key before 409 (default 5 s).
        builder.UseSetting("Idempotency:InFlightWait", "00:00:01");

        // Webhooks: a fixed key for secrets, receivers on loopback; dispatchers run only in the
        // hosts the webhook tests start for them, with short delays.
        builder.UseSetting("Webhooks:SecretKey", TestSecretKey);
        builder.UseSetting("Webhooks:AllowHttpLoopback", "true");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Webhooks:Dispatch", "false");

        // Overdue clocks are looked for only by the hosts the clock tests start for it.
        builder.UseSetting("ServiceLevels:RaiseOverdue", "false");

        // A test host stops at once; the shutdown tests set their own drain delay.
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        _configure?.Invoke(builder);
    }

    /// <summary>Adds services to the API's container after its own, e.g. an EF Core interceptor.</summary>
    public static Action<IWebHostBuilder> WithServices(Action<IServiceCollection> services) =>
        builder => builder.ConfigureTestServices(services);
}
