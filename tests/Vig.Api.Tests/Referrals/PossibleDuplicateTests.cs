using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// The same child referred twice (issue 22, ADR 0030): every submission links the other referrals of
/// the child as possible duplicates, which the VIG team alone sees, dismisses, or declines against;
/// a referrer learns nothing of another client's referral from any answer.
/// </summary>
public sealed class PossibleDuplicateTests : ApiTestBase, IDisposable
{
    private readonly HttpClient _systemX;
    private readonly HttpClient _systemY;
    private readonly HttpClient _team;

    public PossibleDuplicateTests(ApiFixture api)
        : base(api)
    {
        _systemX = api.CreateClient("case-system-x", Scopes.Submit, Scopes.Read);
        _systemY = api.CreateClient("case-system-y", Scopes.Submit, Scopes.Read);
        _team = api.CreateClient("vig-team", Scopes.Read, Scopes.Decide);
        X = new ReferralApi(api, _systemX);
        Y = new ReferralApi(api, _systemY);
        Team = new ReferralApi(api, _team);
    }

    private ReferralApi X { get; }

    private ReferralApi Y { get; }

    private ReferralApi Team { get; }

    [Fact]
    public async Task ASubmission_LinksAnotherClientsReferralWithTheSameCaseId_ShownToTheTeamFromBothSides_AndAudited()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Robin Sample", "2019-02-01", "CASE-77"));

        var fromSecond = Assert.Single(Pairs(await Team.GetAsync(second.Id)));
        var fromFirst = Assert.Single(Pairs(await Team.GetAsync(first.Id)));

        Assert.Equal(first.Id, fromSecond.GetProperty("referralId").GetGuid());
        Assert.Equal(first.Json.GetProperty("reference").GetString(), fromSecond.GetProperty("reference").GetString());
        Assert.Equal("submitted", fromSecond.GetProperty("status").GetString());
        Assert.True(fromSecond.GetProperty("sameExternalCaseId").GetBoolean());
        Assert.False(fromSecond.GetProperty("sameNameAndDateOfBirth").GetBoolean());
        Assert.Equal(second.Json.GetProperty("updatedAt").GetDateTimeOffset(), fromSecond.GetProperty("foundAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, fromSecond.GetProperty("dismissedAt").ValueKind);
        Assert.Equal(second.Id, fromFirst.GetProperty("referralId").GetGuid());
        Assert.Contains(("case-system-y", "possible-duplicate.found"), await AuditAsync(first.Id));
    }

    [Fact]
    public async Task ASubmission_LinksTheSameChildByNameAndDateOfBirth_WithCaseSpacesAndAccentsAside_AndNothingElse()
    {
        var first = await X.CreateAsync(Body("Zoë  O'Neill", "2020-06-15", "CASE-1"));
        var sameChild = await Y.CreateAsync(Body("ZOE O'NEILL", "2020-06-15", "OTHER-9"));
        var bornAnotherDay = await Y.CreateAsync(Body("Zoë O'Neill", "2020-06-16", "OTHER-10"));
        var anotherName = await Y.CreateAsync(Body("Zoë O'Neil", "2020-06-15", null));

        var pair = Assert.Single(Pairs(await Team.GetAsync(sameChild.Id)));
        Assert.Equal(first.Id, pair.GetProperty("referralId").GetGuid());
        Assert.Equal((false, true), (pair.GetProperty("sameExternalCaseId").GetBoolean(), pair.GetProperty("sameNameAndDateOfBirth").GetBoolean()));
        Assert.Empty(Pairs(await Team.GetAsync(bornAnotherDay.Id)));
        Assert.Empty(Pairs(await Team.GetAsync(anotherName.Id)));
    }

    [Fact]
    public async Task AReferrer_NeverLearnsOfAnotherClientsReferral_FromAnyAnswer()
    {
        var theirs = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var control = await Y.CreateAsync(Body("Robin Sample", "2018-03-03", "CASE-12"));
        var own = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        Assert.Single(Pairs(await Team.GetAsync(own.Id)));
        var secrets = new[] { theirs.Id.ToString(), theirs.Json.GetProperty("reference").GetString()!, "case-system-x" };

        // The same shape as an answer about a child with no other referral: the fields are null alike.
        var read = await Y.GetAsync(own.Id);
        Assert.Equal(JsonValueKind.Null, control.Json.GetProperty("possibleDuplicates").ValueKind);
        foreach (var answer in new[] { own, read })
        {
            Assert.Equal(Names(control.Json), Names(answer.Json));
            Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("possibleDuplicates").ValueKind);
            Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("duplicateOf").ValueKind);
        }

        foreach (var path in new[]
        {
            $"/api/v1/referrals/{own.Id}", "/api/v1/referrals", "/api/v1/referrals?externalCaseId=CASE-77", "/api/v1/referrals/status?externalCaseId=CASE-77",
            $"/api/v1/referrals/{own.Id}/history", $"/api/v1/referrals/{own.Id}/evaluation", "/api/v1/events",
        })
        {
            var text = await _systemY.GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task AReferrer_CannotFilterByPossibleDuplicates_WhetherOrNotThereAreAny()
    {
        await Y.CreateAsync(Body("Robin Sample", "2018-03-03", "CASE-12"));
        var before = await ProblemAsync(_systemY, "/api/v1/referrals?possibleDuplicate=true");
        await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var after = await ProblemAsync(_systemY, "/api/v1/referrals?possibleDuplicate=true");

        Assert.Equal(["Only the VIG team (scope referrals.decide) can filter by possible duplicates. Leave possibleDuplicate out."],
            after.GetProperty("errors").GetProperty("possibleDuplicate").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(after.GetProperty("errors").GetRawText(), before.GetProperty("errors").GetRawText());
    }

    [Fact]
    public async Task TheTeamsWorklist_FiltersByAnOpenPossibleDuplicate()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", null));
        var alone = await Y.CreateAsync(Body("Robin Sample", "2018-03-03", "CASE-12"));

        Assert.Equal(new[] { first.Id, second.Id }.Order(), (await ListAsync("possibleDuplicate=true")).Order());
        Assert.Equal([alone.Id], await ListAsync("possibleDuplicate=false"));
        Assert.Equal([second.Id], await ListAsync("possibleDuplicate=true&limit=1&cursor=" + Uri.EscapeDataString(await CursorAfterFirstAsync())));

        await DismissAsync(second, first.Id, HttpStatusCode.OK);

        Assert.Empty(await ListAsync("possibleDuplicate=true"));
        Assert.Equal(3, (await ListAsync("possibleDuplicate=false")).Count);
    }

    [Fact]
    public async Task Dismissing_KeepsThePairWithWhoAndWhen_LeavesTheReferralAsItWas_AndIsAuditedOnBoth()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var before = await Team.GetAsync(second.Id);

        var dismissed = await DismissAsync(before, first.Id, HttpStatusCode.OK);

        var pair = Assert.Single(Pairs(dismissed));
        Assert.Equal("vig-team", pair.GetProperty("dismissedBy").GetString());
        Assert.InRange(pair.GetProperty("dismissedAt").GetDateTimeOffset(), before.Json.GetProperty("updatedAt").GetDateTimeOffset(), Fixture.Factory.Clock.GetUtcNow());
        Assert.Equal((before.Version, before.ETag), (dismissed.Version, dismissed.ETag));
        Assert.Equal(before.Json.GetProperty("updatedAt").GetDateTimeOffset(), dismissed.Json.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("vig-team", Assert.Single(Pairs(await Team.GetAsync(first.Id))).GetProperty("dismissedBy").GetString());
        Assert.Contains(("vig-team", "possible-duplicate.dismiss"), await AuditAsync(first.Id));
        Assert.Contains(("vig-team", "possible-duplicate.dismiss"), await AuditAsync(second.Id));
        Assert.Equal(2, (await EventTypesAsync()).Count);

        var again = await ProblemAsync(await DismissResponseAsync(second.Id, first.Id, dismissed.ETag), HttpStatusCode.Conflict);
        Assert.Equal("possible-duplicate.already-dismissed", again.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ADismissedPair_IsNotRaisedAgain_WhenEitherIsResubmitted()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        await DismissAsync(await Team.GetAsync(second.Id), first.Id, HttpStatusCode.OK);

        var asked = await Team.ChangeAsync(await Team.GetAsync(second.Id), "request-information", new JsonObject { ["ruleCodes"] = new JsonArray("views.hoped-for-change"), ["comment"] = "Please check the case id." });
        await Y.ChangeAsync(await Y.GetAsync(asked.Id), "submit");

        var pair = Assert.Single(Pairs(await Team.GetAsync(second.Id)));
        Assert.NotEqual(JsonValueKind.Null, pair.GetProperty("dismissedAt").ValueKind);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM possible_duplicates"));
    }

    [Fact]
    public async Task AResubmission_AfterInformationWasRequested_FindsTheChildItNowNames()
    {
        var existing = await X.CreateAsync(Body("Robin Sample", "2018-03-03", "CASE-12"));
        var referral = await Y.CreateAsync(Body("Robin Smaple", "2018-03-03", null));
        Assert.Empty(Pairs(await Team.GetAsync(referral.Id)));
        var asked = await Team.ChangeAsync(await Team.GetAsync(referral.Id), "request-information", new JsonObject { ["ruleCodes"] = new JsonArray("views.hoped-for-change"), ["comment"] = "Please check the child's name." });

        var corrected = Body("Robin Sample", "2018-03-03", null);
        corrected.Remove("consents");
        corrected.Remove("submit");
        corrected["parentCarers"]![0]!["id"] = asked.MotherId;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(corrected) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", (await Y.GetAsync(referral.Id)).ETag);
            Assert.Equal(HttpStatusCode.OK, (await _systemY.SendAsync(put)).StatusCode);
        }

        Assert.Empty(Pairs(await Team.GetAsync(referral.Id)));
        await Y.ChangeAsync(await Y.GetAsync(referral.Id), "submit");

        Assert.Equal(existing.Id, Assert.Single(Pairs(await Team.GetAsync(referral.Id))).GetProperty("referralId").GetGuid());
    }

    [Fact]
    public async Task OnlyOpenReferrals_AndThoseClosedOrDeclinedInTheLast12Months_AreCompared()
    {
        var draft = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77", submit: false));
        var withdrawn = await X.ChangeAsync(await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77")), "withdraw", new JsonObject { ["reason"] = "Moved away." });
        var longAgo = await Team.ChangeAsync(await Team.GetAsync((await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"))).Id), "decline",
            new JsonObject { ["reasonCode"] = "family-declined", ["comment"] = "Not now." });
        Fixture.Factory.Clock.Advance(TimeSpan.FromDays(366));
        var lately = await Team.ChangeAsync(await Team.GetAsync((await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"))).Id), "decline",
            new JsonObject { ["reasonCode"] = "family-declined", ["comment"] = "Not now." });
        Fixture.Factory.Clock.Advance(TimeSpan.FromDays(300));

        var submitted = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));

        var linked = Pairs(await Team.GetAsync(submitted.Id)).Select(p => p.GetProperty("referralId").GetGuid()).ToList();
        Assert.Equal([lately.Id], linked);
        Assert.DoesNotContain(draft.Id, linked);
        Assert.DoesNotContain(withdrawn.Id, linked);
        Assert.DoesNotContain(longAgo.Id, linked);
    }

    [Fact]
    public async Task DecliningAsADuplicate_MustNameAReferralTheTeamCanSee()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Team.GetAsync((await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"))).Id);

        var missing = await DeclineProblemAsync(second, new JsonObject { ["reasonCode"] = "duplicate", ["comment"] = "Open elsewhere." }, HttpStatusCode.UnprocessableEntity);
        var unknown = await DeclineProblemAsync(second, new JsonObject { ["reasonCode"] = "duplicate", ["duplicateOf"] = Guid.NewGuid().ToString(), ["comment"] = "Open elsewhere." }, HttpStatusCode.UnprocessableEntity);
        var itself = await DeclineProblemAsync(second, new JsonObject { ["reasonCode"] = "duplicate", ["duplicateOf"] = second.Id.ToString(), ["comment"] = "Open elsewhere." }, HttpStatusCode.UnprocessableEntity);
        var otherReason = await DeclineProblemAsync(second, new JsonObject { ["reasonCode"] = "family-declined", ["duplicateOf"] = first.Id.ToString(), ["comment"] = "No." }, HttpStatusCode.BadRequest);

        Assert.Equal("referral.duplicate-of-required", missing.GetProperty("code").GetString());
        Assert.Equal("referral.duplicate-of-unknown", unknown.GetProperty("code").GetString());
        Assert.Equal("referral.duplicate-of-unknown", itself.GetProperty("code").GetString());
        Assert.True(otherReason.GetProperty("errors").TryGetProperty("duplicateOf", out _), otherReason.GetRawText());
        Assert.Equal((second.Version, "submitted"), ((await Team.GetAsync(second.Id)).Version, (await Team.GetAsync(second.Id)).Status));
    }

    [Fact]
    public async Task DecliningAsADuplicate_RecordsTheOriginal_ForTheTeamsEyesOnly()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));

        var declined = await Team.ChangeAsync(await Team.GetAsync(second.Id), "decline",
            new JsonObject { ["reasonCode"] = "duplicate", ["duplicateOf"] = first.Id.ToString(), ["comment"] = "Already referred." });

        Assert.Equal(("declined", first.Id), (declined.Status, declined.Json.GetProperty("duplicateOf").GetGuid()));
        Assert.Equal(first.Id, (await Team.GetAsync(second.Id)).Json.GetProperty("duplicateOf").GetGuid());
        var seenByReferrer = await Y.GetAsync(second.Id);
        Assert.Equal(("duplicate", JsonValueKind.Null), (seenByReferrer.Json.GetProperty("declineReason").GetString(), seenByReferrer.Json.GetProperty("duplicateOf").ValueKind));
        Assert.Contains(("vig-team", "referral.named-as-duplicate"), await AuditAsync(first.Id));
        var events = await _systemY.GetStringAsync(new Uri("/api/v1/events", UriKind.Relative));
        Assert.Contains("referral.declined", events, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Id.ToString(), events, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DismissingIsTheTeamsAlone_AndNeedsAPairAndTheCurrentVersion()
    {
        var first = await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var alone = await Y.CreateAsync(Body("Robin Sample", "2018-03-03", "CASE-12"));

        using (var byReferrer = await SendDismissAsync(_systemY, second.Id, first.Id, second.ETag))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byReferrer.StatusCode);
        }

        var notPaired = await ProblemAsync(await DismissResponseAsync(second.Id, alone.Id, second.ETag), HttpStatusCode.NotFound);
        Assert.Equal("possible-duplicate.not-found", notPaired.GetProperty("code").GetString());
        var stale = await ProblemAsync(await DismissResponseAsync(second.Id, first.Id, "W/\"99\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal("referral.version-stale", stale.GetProperty("code").GetString());
        var noReferral = await ProblemAsync(await DismissResponseAsync(Guid.NewGuid(), first.Id, second.ETag), HttpStatusCode.NotFound);
        Assert.Equal("referral.not-found", noReferral.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, Assert.Single(Pairs(await Team.GetAsync(second.Id))).GetProperty("dismissedAt").ValueKind);
    }

    [Fact]
    public async Task TheTeam_IsNeverAnswered304ForAReferralWithPossibleDuplicates_AReferrerIs()
    {
        await X.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));
        var second = await Y.CreateAsync(Body("Alex Example", "2020-06-15", "CASE-77"));

        Assert.Equal(HttpStatusCode.OK, await IfNoneMatchAsync(_team, second));
        Assert.Equal(HttpStatusCode.NotModified, await IfNoneMatchAsync(_systemY, second));
    }

    [Fact]
    public async Task TheReferralsStoredBeforeTheMigration_GetTheirMatchName_AndDownTakesItAway()
    {
        await X.CreateAsync(Body("Zoë  O'Neill", "2020-06-15", null));
        await X.CreateAsync(Body("ŁUKASZ NOWAK", "2019-01-01", null));
        await X.CreateAsync(Body("Ａｌｅｘ\u00a0Example", "2018-01-01", null));
        var database = "vig_duplicates_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(Fixture.Postgres.ConnectionStringFor("postgres"), $"CREATE DATABASE {database}");
        try
        {
            var connectionString = Fixture.Postgres.ConnectionStringFor(database);
            var options = new DbContextOptionsBuilder<VigDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
            await using var db = new VigDbContext(options);
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_PossibleDuplicates", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync();
            await using (var from = new NpgsqlConnection(Fixture.Postgres.ConnectionString))
            await using (var to = new NpgsqlConnection(connectionString))
            {
                await from.OpenAsync();
                await to.OpenAsync();
                await using var reader = await from.BeginRawBinaryCopyAsync("COPY referrals TO STDOUT (FORMAT BINARY)");
                await using var writer = await to.BeginRawBinaryCopyAsync("COPY referrals FROM STDIN (FORMAT BINARY)");
                await reader.CopyToAsync(writer);
            }

            await db.GetService<IMigrator>().MigrateAsync(before);
            Assert.Equal(0, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_proc WHERE proname = 'vig_child_match_name'"));
            await db.GetService<IMigrator>().MigrateAsync();

            Assert.Equal(
                ["alex example", "zoe o'neill", "łukasz nowak"],
                await ColumnAsync(connectionString, "SELECT child_match_name FROM referrals ORDER BY child_match_name"));
            Assert.Equal(
                await ColumnAsync(Fixture.Postgres.ConnectionString, "SELECT child_match_name FROM referrals ORDER BY child_match_name"),
                await ColumnAsync(connectionString, "SELECT child_match_name FROM referrals ORDER BY child_match_name"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(Fixture.Postgres.ConnectionStringFor("postgres"), $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string?>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return values;
    }

    private static JsonObject Body(string name, string dateOfBirth, string? caseId, bool submit = true)
    {
        var body = ReferralApi.EligibleBody(submit, withConsents: true);
        body["child"]!["name"] = name;
        body["child"]!["dateOfBirth"] = dateOfBirth;
        body["child"]!["externalCaseId"] = caseId;
        return body;
    }

    private static List<JsonElement> Pairs(Fixtures.Referral referral) => [.. referral.Json.GetProperty("possibleDuplicates").EnumerateArray()];

    private static List<string> Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    private async Task<List<Guid>> ListAsync(string query)
    {
        var page = await _team.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/referrals?{query}", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private async Task<string> CursorAfterFirstAsync()
    {
        var page = await _team.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/referrals?possibleDuplicate=true&limit=1", UriKind.Relative));
        return page.GetProperty("nextCursor").GetString()!;
    }

    private Task<HttpResponseMessage> DismissResponseAsync(Guid id, Guid otherId, string etag) => SendDismissAsync(_team, id, otherId, etag);

    private static async Task<HttpResponseMessage> SendDismissAsync(HttpClient client, Guid id, Guid otherId, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/referrals/{id}/possible-duplicates/{otherId}/dismiss");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private async Task<Fixtures.Referral> DismissAsync(Fixtures.Referral referral, Guid otherId, HttpStatusCode expected)
    {
        using var response = await DismissResponseAsync(referral.Id, otherId, referral.ETag);
        return await ReferralApi.ReadAsync(response, expected);
    }

    private async Task<JsonElement> DeclineProblemAsync(Fixtures.Referral referral, JsonObject body, HttpStatusCode expected)
    {
        using var response = await Team.PostAsync(referral.Id, "decline", referral.ETag, body);
        return await ProblemAssert.IsProblemAsync(response, expected);
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            return await ProblemAssert.IsProblemAsync(response, expected);
        }
    }

    private static async Task<HttpStatusCode> IfNoneMatchAsync(HttpClient client, Fixtures.Referral referral)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/referrals/{referral.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", referral.ETag);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<List<string>> EventTypesAsync()
    {
        var page = await _team.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
    }

    private async Task<List<(string Client, string Action)>> AuditAsync(Guid referralId)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT client_id, action FROM audit_events WHERE referral_id = $1 ORDER BY id", connection);
        command.Parameters.Add(new() { Value = referralId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        _systemX.Dispose();
        _systemY.Dispose();
        _team.Dispose();
    }
}
