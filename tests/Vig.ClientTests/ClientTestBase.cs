using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.ClientTests;

/// <summary>Each client journey starts from an empty database on the run's API and PostgreSQL.</summary>
[Collection(ApiTestGroup.Name)]
public abstract class ClientTestBase(ApiFixture api) : IAsyncLifetime
{
    protected ApiFixture Fixture { get; } = api;

    public Task InitializeAsync()
    {
        Fixture.Factory.Clock.Reset();
        return Fixture.ResetDatabaseAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The committed OpenAPI document the clients are generated from.</summary>
    protected static JsonObject CommittedDocument() =>
        JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("docs/openapi/v1.json")))!.AsObject();

    /// <summary>The request body example the document gives for an operation, as Swagger UI shows it.</summary>
    protected static string RequestExample(string path, string method) =>
        CommittedDocument()["paths"]?[path]?[method]?["requestBody"]?["content"]?["application/json"]?["example"]?.ToJsonString()
        ?? throw new InvalidOperationException($"docs/openapi/v1.json gives no request example for {method.ToUpperInvariant()} {path}.");
}
