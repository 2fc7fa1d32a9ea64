using System.Net;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Performance;

/// <summary>
/// What each operation costs the database, counted on the wire between a second API host and
/// PostgreSQL (<see cref="WireCounter"/>): round trips, statements, commits and parses (issue 11,
/// ADR 0008 and 0013). Each operation runs a few times first, so its statements are prepared.
/// </summary>
public sealed class WireCostTests(ApiFixture api) : ApiTestBase(api), IAsyncLifetime
{
    private const int WarmUps = 3;

    /// <summary>Every request's shared rate-limit count (ADR 0028): one statement in its own round trip and commit, before the operation's own.</summary>
    private const int RateLimitCount = 1;
    private WireCounter? _wire;
    private VigApiFactory? _host;
    private HttpClient? _client;
    private ReferralApi? _api;
    private HttpClient? _system;
    private ReferralApi? _systemApi;

    private WireCounter Wire => _wire!;

    /// <summary>As the VIG team (the default client, with referrals.decide), which also sees possible duplicates.</summary>
    private ReferralApi Proxied => _api!;

    /// <summary>As a case-management system: referrals.submit and referrals.read, its own referrals only.</summary>
    private ReferralApi System => _systemApi!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Fixture.Factory.Clock.Reset();
        await Fixture.ResetDatabaseAsync();
        _wire = new WireCounter(Fixture.Postgres.ConnectionString);
        _host = new VigApiFactory(_wire.ConnectionString);
        _host.StartServer();
        _client = _host.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        _api = new ReferralApi(Fixture, _client);
        _system = _host.CreateClient().As("case-system-b", Scopes.Submit, Scopes.Read);
        _systemApi = new ReferralApi(Fixture, _system);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _client?.Dispose();
        _system?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_wire is not null)
        {
            await _wire.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/history")]
    [InlineData("/evaluation")]
    public async Task ReadingOneReferral_IsOneStatement_InOneRoundTrip_WithItsAuditRecordCommitted(string path)
    {
        var referral = await System.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

        var cost = await CostAsync(() => GetAsync(_system!, $"/api/v1/referrals/{referral.Id}{path}", HttpStatusCode.OK));

        Assert.Equal((1, 1, 1), (cost.RoundTrips - RateLimitCount, cost.Statements - RateLimitCount, cost.Commits - RateLimitCount));
    }

    [Fact]
    public async Task ReadingOneReferral_AsTheTeam_ReadsItsPossibleDuplicatesInOneStatementMore()
    {
        var referral = await Proxied.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

        var cost = await CostAsync(() => GetAsync(_client!, $"/api/v1/referrals/{referral.Id}", HttpStatusCode.OK));

        // The referral with its audit record (ADR 0013), then its pairs (ADR 0030).
        Assert.Equal((2, 2, 1), (cost.RoundTrips - RateLimitCount, cost.Statements - RateLimitCount, cost.Commits - RateLimitCount));
    }

    [Fact]
    public async Task ReadingAForeignOrMissingReferral_CostsWhatReadingAFoundOneCosts()
    {
        var referral = await System.CreateAsync();
        using var other = _host!.CreateClient().As("case-system-c", Scopes.Submit, Scopes.Read);

        var found = await CostAsync(() => GetAsync(_system!, $"/api/v1/referrals/{referral.Id}", HttpStatusCode.OK));
        var foreign = await CostAsync(() => GetAsync(other, $"/api/v1/referrals/{referral.Id}", HttpStatusCode.NotFound));
        var missing = await CostAsync(() => GetAsync(other, $"/api/v1/referrals/{Guid.NewGuid()}", HttpStatusCode.NotFound));

        Assert.Equal(found, foreign);
        Assert.Equal(found, missing);
    }

    [Fact]
    public async Task ListingReferrals_IsOneStatement_InOneRoundTrip_WithItsAuditRecordCommitted()
    {
        await Proxied.CreateAsync();

        var cost = await CostAsync(() => GetAsync(_client!, "/api/v1/referrals?status=Draft", HttpStatusCode.OK));

        Assert.Equal((1, 1, 1), (cost.RoundTrips - RateLimitCount, cost.Statements - RateLimitCount, cost.Commits - RateLimitCount));
    }

    [Fact]
    public async Task RepeatedRequests_SendNoStatementTextAndNoDiscard_TheirStatementsStayPrepared()
    {
        var referral = await Proxied.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        async Task RequestsAsync()
        {
            await GetAsync(_client!, $"/api/v1/referrals/{referral.Id}", HttpStatusCode.OK);
            await GetAsync(_client!, "/api/v1/referrals?status=Submitted", HttpStatusCode.OK);
            await Proxied.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true), Guid.NewGuid().ToString());
        }

        // Each pooled connection prepares a statement at its second use: enough rounds for every
        // connection the requests take turns on to have run each statement twice.
        for (var i = 0; i < 10; i++)
        {
            await RequestsAsync();
        }

        await Wire.TakeAsync();
        for (var i = 0; i < 5; i++)
        {
            await RequestsAsync();
        }

        var cost = await Wire.TakeAsync();

        Assert.Equal((0, 0), (cost.Parses, cost.Discards));
    }

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 6)]
    public async Task KeyedCreateAndSubmit_CommitsOnce_InFewRoundTrips(bool asTheTeam, int roundTrips)
    {
        var api = asTheTeam ? Proxied : System;

        var cost = await CostAsync(() => api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true), Guid.NewGuid().ToString()));

        // The key's lock and lookup (BEGIN with them); the search for possible duplicates (ADR 0030);
        // the referral, its parts and audit record in one batch; for the team, the referral's pairs;
        // the stored answer; COMMIT. No savepoint, no SELECT nextval of its own.
        Assert.Equal((roundTrips, 1), (cost.RoundTrips - RateLimitCount, cost.Commits - RateLimitCount));
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 4)]
    public async Task UnkeyedCreate_CommitsOnce_InFewRoundTrips(bool asTheTeam, int roundTrips)
    {
        var api = asTheTeam ? Proxied : System;

        var cost = await CostAsync(() => api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true)));

        // The search for possible duplicates (ADR 0030: a SELECT that writes nothing, so a dead pooled
        // connection fails where the request can still run again); the referral, its parts, audit
        // record and event with BEGIN; COMMIT; for the team, the referral's pairs.
        Assert.Equal((roundTrips, 1), (cost.RoundTrips - RateLimitCount, cost.Commits - RateLimitCount));
    }

    [Theory]
    [InlineData(true, 7)]
    [InlineData(false, 5)]
    public async Task Accept_CommitsOnce_InFewRoundTrips(bool keyed, int roundTrips)
    {
        var referrals = new List<Fixtures.Referral>();
        for (var i = 0; i <= WarmUps; i++)
        {
            referrals.Add(await Proxied.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true)));
        }

        foreach (var referral in referrals[..^1])
        {
            await AcceptAsync(referral, keyed);
        }

        await Wire.TakeAsync();
        await AcceptAsync(referrals[^1], keyed);
        var cost = await Wire.TakeAsync();

        // Keyed: the key's lock and lookup (with BEGIN); the referral in one statement, locked;
        // the change and its audit record in one batch; the referral's pairs, which the team sees
        // (ADR 0030); the allocation expectation the accepted referral's answer carries (ADR 0032);
        // the stored answer; COMMIT. Without a key: the referral; the batch with BEGIN; COMMIT; the
        // pairs; the expectation.
        Assert.Equal((roundTrips, 1), (cost.RoundTrips - RateLimitCount, cost.Commits - RateLimitCount));
    }

    private async Task AcceptAsync(Fixtures.Referral referral, bool keyed)
    {
        using var response = await Proxied.PostAsync(referral.Id, "accept", referral.ETag, idempotencyKey: keyed ? Guid.NewGuid().ToString() : null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The cost of the last of <see cref="WarmUps"/> + 1 runs of the request.</summary>
    private async Task<WireCost> CostAsync(Func<Task> request)
    {
        for (var i = 0; i < WarmUps; i++)
        {
            await request();
        }

        await Wire.TakeAsync();
        await request();
        return await Wire.TakeAsync();
    }

    private static async Task GetAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
    }
}
