namespace Vig.Api.Tests.Fixtures;

/// <summary>Each HTTP test starts from an empty database (reference data kept) and a fresh client.</summary>
[Collection(ApiTestGroup.Name)]
public abstract class ApiTestBase : IAsyncLifetime
{
    protected ApiTestBase(ApiFixture api)
    {
        ArgumentNullException.ThrowIfNull(api);
        Fixture = api;
        Client = api.CreateClient();
        Api = new ReferralApi(api, Client);
    }

    protected ApiFixture Fixture { get; }

    protected HttpClient Client { get; }

    protected ReferralApi Api { get; }

    public Task InitializeAsync()
    {
        Fixture.Factory.Clock.Reset();
        return Fixture.ResetDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}
