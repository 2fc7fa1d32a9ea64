using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Events;

/// <summary>The outbox: one event per change, written in the change's own transaction, with no personal data.</summary>
public sealed class OutboxEventTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task EveryKindOfChange_WritesExactlyOneEvent_WithTheReferralsNewVersion()
    {
        var incomplete = ReferralApi.EligibleBody();
        incomplete["views"]!["changeMutuallyAgreed"] = false;
        var referral = await Api.CreateAsync(incomplete);
        referral = await Api.RecordMotherConsentAsync(referral);
        referral = await Api.ChangeAsync(referral, "questionnaires", JsonNode.Parse(OpenApiExample.MotherPrfq.Replace(OpenApiExample.MotherIdPlaceholder, referral.MotherId, StringComparison.Ordinal)), HttpStatusCode.Created);
        referral = await Api.ChangeAsync(referral, "submit");
        referral = await Api.ChangeAsync(referral, "request-information", JsonNode.Parse(OpenApiExample.RequestInformation));
        var complete = ReferralApi.EligibleBody();
        complete["parentCarers"]![0]!["id"] = referral.MotherId;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{referral.Id}") { Content = ReferralApi.Json(complete) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", referral.ETag);
            referral = await ReferralApi.ReadAsync(await Client.SendAsync(put), HttpStatusCode.OK);
        }

        referral = await Api.ChangeAsync(referral, "submit");
        referral = await Api.ChangeAsync(referral, "accept");
        referral = await Api.ChangeAsync(referral, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
        var consentId = referral.Json.GetProperty("consents")[0].GetProperty("id").GetString();
        referral = await Api.ChangeAsync(referral, $"consents/{consentId}/withdraw", new JsonObject());
        await Api.ChangeAsync(referral, "close", JsonNode.Parse(OpenApiExample.Close));

        var declined = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var declinedNow = await Api.ChangeAsync(declined, "decline", JsonNode.Parse(OpenApiExample.Decline));
        var withdrawn = await Api.CreateAsync();
        await Api.ChangeAsync(withdrawn, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));

        var events = await StoredEventsAsync();
        Assert.Equal(
            [
                ("referral.created", 1, "Draft"), ("referral.consent-recorded", 2, "Draft"), ("referral.questionnaire-recorded", 3, "Draft"),
                ("referral.submitted", 4, "Submitted"), ("referral.information-requested", 5, "InformationRequested"), ("referral.edited", 6, "InformationRequested"),
                ("referral.resubmitted", 7, "Submitted"), ("referral.accepted", 8, "Accepted"), ("referral.allocated", 9, "Allocated"),
                ("referral.consent-withdrawn", 10, "Allocated"), ("referral.closed", 11, "Closed"), ("referral.outcome-available", 11, "Closed"),
            ],
            events.Where(e => e.ReferralId == referral.Id).Select(e => (e.Type, e.Version, e.Status)));
        Assert.Equal([("referral.submitted", declined.Version, "Submitted"), ("referral.declined", declinedNow.Version, "Declined")], events.Where(e => e.ReferralId == declined.Id).Select(e => (e.Type, e.Version, e.Status)));
        Assert.Equal([("referral.created", 1, "Draft"), ("referral.withdrawn", 2, "Withdrawn")], events.Where(e => e.ReferralId == withdrawn.Id).Select(e => (e.Type, e.Version, e.Status)));

        // The codes the issue asks for, where they apply, and nowhere else.
        var first = events.Where(e => e.ReferralId == referral.Id).ToList();
        Assert.Equal(("NeedsInformation", "Eligible"), (first[3].Verdict, first[6].Verdict));
        Assert.Equal("Completed", first[10].Outcome);
        Assert.Equal("another-service-better-placed", events.Single(e => e.Type == "referral.declined").ReasonCode);
        Assert.Equal("Eligible", events.Single(e => e.ReferralId == declined.Id && e.Type == "referral.submitted").Verdict);
        Assert.All(events.Where(e => e.Type is not ("referral.submitted" or "referral.resubmitted")), e => Assert.Null(e.Verdict));
        Assert.All(events.Where(e => e.Type != "referral.declined"), e => Assert.Null(e.ReasonCode));
        Assert.Equal("Completed", first[11].Outcome);
        Assert.All(events.Where(e => e.Type is not ("referral.closed" or "referral.outcome-available")), e => Assert.Null(e.Outcome));
        Assert.All(events, e => Assert.Equal("case-system-a", e.OwningClient));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());

        // One event per audited change, and beside the closing one the outcome's: the outbox and the audit trail tell the same story.
        Assert.Equal(await ChangeAuditCountAsync(), events.Count(e => e.Type != "referral.outcome-available"));
    }

    [Fact]
    public async Task AStaleIfMatch_IsRefused_AndWritesNoEvent()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var accepted = await Api.ChangeAsync(referral, "accept");

        using var stale = await Api.PostAsync(referral.Id, "decline", referral.ETag, JsonNode.Parse(OpenApiExample.Decline));
        using var staleKeyed = await Api.PostAsync(referral.Id, "withdraw", referral.ETag, JsonNode.Parse(OpenApiExample.Withdraw), idempotencyKey: "stale-1");

        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionFailed), (stale.StatusCode, staleKeyed.StatusCode));
        Assert.Equal(["referral.submitted", "referral.accepted"], (await StoredEventsAsync()).Select(e => e.Type));
        Assert.Equal(accepted.Version, (await Api.GetAsync(referral.Id)).Version);
    }

    [Fact]
    public async Task AFailureAfterTheChangeIsSaved_RollsBackTheChange_AndItsEvent()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));

        // A keyed request saves the change, then stores its answer in the same transaction: make that
        // second write fail, after the change and its event were written.
        await ExecuteAsync(
            """
            CREATE FUNCTION test_refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure after the change'; END $$;
            CREATE TRIGGER test_refuse_answer BEFORE INSERT ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION test_refuse_answer();
            """);
        try
        {
            using var response = await Api.PostAsync(referral.Id, "accept", referral.ETag, idempotencyKey: "accept-fails-late");
            Assert.True((int)response.StatusCode >= 500, $"Expected a 5xx, got {(int)response.StatusCode}.");
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER test_refuse_answer ON idempotency_keys; DROP FUNCTION test_refuse_answer();");
        }

        Assert.Equal(["referral.submitted"], (await StoredEventsAsync()).Select(e => e.Type));
        Assert.Equal(("submitted", referral.Version), ((await Api.GetAsync(referral.Id)).Status, (await Api.GetAsync(referral.Id)).Version));
        Assert.Equal(0, await Api.CountAsync($"audit_events WHERE action = 'referral.accept' AND referral_id = '{referral.Id}'"));
    }

    [Fact]
    public async Task Events_HoldNoName_DateOfBirth_OrFreeText_InTheTable_OrTheFeed()
    {
        var body = ReferralApi.EligibleBody(submit: true, withConsents: true);
        var referral = await Api.CreateAsync(body);
        referral = await Api.ChangeAsync(referral, "accept");
        referral = await Api.ChangeAsync(referral, "allocate", JsonNode.Parse(OpenApiExample.Allocate));
        await Api.ChangeAsync(referral, "close", JsonNode.Parse(OpenApiExample.Close));
        var declined = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await Api.ChangeAsync(declined, "decline", JsonNode.Parse(OpenApiExample.Decline));
        var withdrawn = await Api.CreateAsync();
        await Api.ChangeAsync(withdrawn, "withdraw", JsonNode.Parse(OpenApiExample.Withdraw));

        var personal = new[]
        {
            body["child"]!["name"]!.GetValue<string>(), body["child"]!["dateOfBirth"]!.GetValue<string>(),
            body["parentCarers"]![0]!["name"]!.GetValue<string>(), body["referrer"]!["name"]!.GetValue<string>(),
            body["referrer"]!["email"]!.GetValue<string>(), body["child"]!["externalCaseId"]?.GetValue<string>() ?? "no-case-id",
            body["concernAccount"]!.GetValue<string>()[..20], "Practitioner One", "goals they set", "CAMHS worker", "moved out of",
        };
        var table = await TableTextAsync();
        var feed = await Client.GetStringAsync(new Uri("/api/v1/events?limit=500", UriKind.Relative));

        // Eight changes, and the outcome's event beside the closing one.
        Assert.Equal(9, JsonDocument.Parse(feed).RootElement.GetProperty("items").GetArrayLength());
        foreach (var text in personal)
        {
            Assert.DoesNotContain(text, table, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(text, feed, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("dateOfBirth", feed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("name", feed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("comment", feed, StringComparison.OrdinalIgnoreCase);
    }

    internal sealed record StoredEvent(Guid Id, string Type, Guid ReferralId, int Version, string Status, string OwningClient, string? Verdict, string? ReasonCode, string? Outcome);

    private async Task<List<StoredEvent>> StoredEventsAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, type, referral_id, version, status, owning_client, verdict, reason_code, outcome FROM referral_events ORDER BY position", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return events;
    }

    private async Task<string> TableTextAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(string_agg(e::text, E'\\n'), '') FROM referral_events e", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    // Not changes of the referral they are recorded on: the possible duplicates another submission
    // found or the team dismissed, and being named as the original of a duplicate (ADR 0030).
    private async Task<long> ChangeAuditCountAsync() =>
        await Api.CountAsync("audit_events WHERE referral_id IS NOT NULL AND action NOT LIKE 'referral.read%' AND action NOT LIKE '%.refused' AND action <> 'referral.evaluate' " +
            "AND action NOT LIKE 'possible-duplicate.%' AND action <> 'referral.named-as-duplicate' AND referral_id IN (SELECT referral_id FROM referral_events)");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
