using System.Net;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// A small data set whose report figures are worked out by hand (see each test), built through
/// the API with the test clock set at each step (days at noon UTC, which is noon in London in winter):
/// <list type="bullet">
/// <item>Full: submitted 14 Jan, information requested 15 Jan, edited and resubmitted 16 Jan,
/// accepted 17 Jan, allocated 19 Jan, closed 20 Jan; aged 6 (5-11).</item>
/// <item>Declined: submitted 14 Jan, declined 15 Jan (another-service-better-placed); born 1 June 2025, aged 1 (0-1); route FFL.</item>
/// <item>Allocated: submitted 14 Jan, accepted 19 Jan, allocated 23 Jan; born 15 January 2022, aged 4 the day before
/// the 5th birthday (2-4); concern autism only; psychologist.</item>
/// <item>Draft: created 14 Jan, never submitted.</item>
/// <item>Withdrawn: submitted 3 Feb without the mother's consent (the consent rule unmet), withdrawn 4 Feb; foster care.</item>
/// </list>
/// </summary>
internal sealed class ReportDataSet
{
    public required Referral Full { get; init; }

    public required Referral Declined { get; init; }

    public required Referral Allocated { get; init; }

    public required Referral Draft { get; init; }

    public required Referral Withdrawn { get; init; }

    public IReadOnlyList<Referral> All => [Full, Declined, Allocated, Draft, Withdrawn];

    public static DateTimeOffset Day(int month, int day) => new(2027, month, day, 12, 0, 0, TimeSpan.Zero);

    public static async Task<ReportDataSet> BuildAsync(ApiFixture fixture, ReferralApi api, HttpClient client)
    {
        var clock = fixture.Factory.Clock;
        clock.FreezeAt(Day(1, 14));
        var full = await api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        var declinedBody = ReferralApi.EligibleBody(submit: true, withConsents: true);
        declinedBody["child"]!["dateOfBirth"] = "2025-06-01";
        declinedBody["route"] = new JsonObject { ["kind"] = "foundationsForLife", ["reference"] = "FFL-7" };
        var declined = await api.CreateAsync(declinedBody);
        var allocatedBody = ReferralApi.EligibleBody(submit: true, withConsents: true);
        allocatedBody["child"]!["dateOfBirth"] = "2022-01-15";
        allocatedBody["concerns"] = new JsonArray("autism");
        allocatedBody["referrer"]!["role"] = "psychologist";
        var allocated = await api.CreateAsync(allocatedBody);
        var draft = await api.CreateAsync();

        clock.FreezeAt(Day(1, 15));
        full = await api.ChangeAsync(full, "request-information", JsonNode.Parse(Vig.Api.OpenApi.OpenApiExample.RequestInformation));
        declined = await api.ChangeAsync(declined, "decline", new JsonObject { ["reasonCode"] = "another-service-better-placed", ["comment"] = "CAMHS will help." });

        clock.FreezeAt(Day(1, 16));
        var content = ReferralApi.EligibleBody();
        content["parentCarers"]![0]!["id"] = full.MotherId;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{full.Id}") { Content = ReferralApi.Json(content) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", full.ETag);
            full = await ReferralApi.ReadAsync(await client.SendAsync(put), HttpStatusCode.OK);
        }

        full = await api.ChangeAsync(full, "submit");

        clock.FreezeAt(Day(1, 17));
        full = await api.ChangeAsync(full, "accept");

        clock.FreezeAt(Day(1, 19));
        allocated = await api.ChangeAsync(allocated, "accept");
        full = await api.ChangeAsync(full, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" });

        clock.FreezeAt(Day(1, 20));
        full = await api.ChangeAsync(full, "close", new JsonObject { ["outcome"] = "completed", ["comment"] = "Goals met." });

        clock.FreezeAt(Day(1, 23));
        allocated = await api.ChangeAsync(allocated, "allocate", new JsonObject { ["practitioner"] = "Practitioner Two" });

        clock.FreezeAt(Day(2, 3));
        var withdrawnBody = ReferralApi.EligibleBody(submit: true);
        withdrawnBody["child"]!["careSetting"] = "fosterCare";
        var withdrawn = await api.CreateAsync(withdrawnBody);

        clock.FreezeAt(Day(2, 4));
        withdrawn = await api.ChangeAsync(withdrawn, "withdraw", new JsonObject { ["reason"] = "The family moved away." });

        return new ReportDataSet { Full = full, Declined = declined, Allocated = allocated, Draft = draft, Withdrawn = withdrawn };
    }
}
