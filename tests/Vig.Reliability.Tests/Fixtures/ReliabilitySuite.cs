using Npgsql;
using Vig.Api.Tests.Fixtures;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// One database and one running API for the suite's tests but the crash test (which owns a cluster
/// it kills), and the figures the suite prints when it ends. The tests run one at a time.
/// </summary>
public sealed class ReliabilitySuite(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly IMessageSink _diagnostics = diagnostics;
    private TestPostgres? _postgres;
    private ReliabilityApiFactory? _api;

    public Figures Figures { get; } = new();

    public ReliabilityApiFactory Api => _api ?? throw new InvalidOperationException("The suite has not started.");

    public string ConnectionString => _postgres?.ConnectionString ?? throw new InvalidOperationException("The suite has not started.");

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        _diagnostics.OnMessage(new DiagnosticMessage($"Reliability tests use PostgreSQL from {_postgres.Source}, database {_postgres.Database}."));
        _api = new ReliabilityApiFactory(_postgres.ConnectionString);
        _api.StartServer(); // applies the migrations, as a real start-up does
    }

    /// <summary>Saves the figures and shows them in the test log.</summary>
    public void Publish(ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = Figures.Save();
        output.WriteLine(Figures.Report());
        output.WriteLine($"(written to {path})");
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The suite's own fixed queries; values go in as parameters.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        var path = Figures.Save();
        _diagnostics.OnMessage(new DiagnosticMessage(Figures.Report() + $"(written to {path})"));
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilityGroup : ICollectionFixture<ReliabilitySuite>
{
    public const string Name = "Reliability";
}
