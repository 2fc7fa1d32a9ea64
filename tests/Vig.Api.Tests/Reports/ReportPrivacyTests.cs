using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Common;

namespace Vig.Api.Tests.Reports;

/// <summary>
/// No personal field reaches any report output, JSON or CSV: names, the date of birth, free text,
/// contact details and the case id of a referral that carries distinctive values in each, through
/// every status change that adds words of its own (which stops clocks for the service-level report).
/// </summary>
public sealed class ReportPrivacyTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly string[] Personal =
    [
        "Zebedee Quartermain", "Ottoline Fairweather", "Bartholomew Knightley", "Rosalind Q-Carer",
        "2021-03-17", "zq.referrer@example.org", "07700 900123", "TFF Northern Fells Team",
        "CASE-ZQ-7781", "PRIV-CMD-5521",
        "Mealtimes end in tears", "family assessment notes xyzzy", "hope to laugh together plugh", "child feels calmer frobnitz",
        "confirm the agreed change quux", "practitioner Wilhelmina", "closing words thud", "declined because garply",
    ];

    [Fact]
    public async Task NoPersonalField_AppearsInTheSummary_TheJsonRows_OrTheCsv()
    {
        await CreateWithPersonalDataAsync();
        using var reporting = Fixture.CreateClient("reporting-tool", Scopes.Reports);

        var outputs = new List<(string Name, string Text)>
        {
            ("summary", await reporting.GetStringAsync(new Uri("/api/v1/reports/summary?groupBy=status,route,concern,referrerRole,careSetting,ageBand,month", UriKind.Relative))),
            ("json rows", await reporting.GetStringAsync(new Uri("/api/v1/reports/referrals", UriKind.Relative))),
            ("service levels", await reporting.GetStringAsync(new Uri("/api/v1/reports/service-levels", UriKind.Relative))),
        };
        using (var csv = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/referrals"))
        {
            csv.Headers.Add("Accept", "text/csv");
            using var response = await reporting.SendAsync(csv);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outputs.Add(("csv", await response.Content.ReadAsStringAsync()));
        }

        Assert.Contains("VIG-", outputs[1].Text, StringComparison.Ordinal);
        Assert.Contains("\"month\":\"2027-01\"", outputs[2].Text, StringComparison.Ordinal);
        Assert.Equal(3, outputs[^1].Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var (name, text) in outputs)
        {
            foreach (var personal in Personal)
            {
                Assert.False(text.Contains(personal, StringComparison.OrdinalIgnoreCase), $"The {name} holds \"{personal}\".");
            }
        }
    }

    [Fact]
    public async Task JsonRows_CarryOnlyTheListedNonIdentifyingFields()
    {
        await CreateWithPersonalDataAsync();

        var page = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/referrals", UriKind.Relative));

        foreach (var row in page.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(
                ["reference", "status", "route", "concerns", "referrerRole", "ageBand", "careSetting", "send", "statusChanges"],
                row.EnumerateObject().Select(p => p.Name));
            Assert.All(row.GetProperty("statusChanges").EnumerateArray(), c => Assert.Equal(["status", "on"], c.EnumerateObject().Select(p => p.Name)));
        }
    }

    // Two referrals: one allocated and closed, one declined, with a distinctive value in every personal field.
    private async Task CreateWithPersonalDataAsync()
    {
        JsonObject Body()
        {
            var body = ReferralApi.EligibleBody(submit: true, withConsents: true);
            body["route"] = new JsonObject { ["kind"] = "caseManagementDecision", ["reference"] = "PRIV-CMD-5521" };
            body["referrer"]!["name"] = "Bartholomew Knightley";
            body["referrer"]!["email"] = "zq.referrer@example.org";
            body["referrer"]!["phone"] = "07700 900123";
            body["referrer"]!["team"] = "TFF Northern Fells Team";
            body["child"]!["name"] = "Zebedee Quartermain";
            body["child"]!["dateOfBirth"] = "2021-03-17";
            body["child"]!["externalCaseId"] = "CASE-ZQ-7781";
            body["parentCarers"] = new JsonArray(
                new JsonObject { ["name"] = "Ottoline Fairweather", ["relationship"] = "mother", ["takesPart"] = true },
                new JsonObject { ["name"] = "Rosalind Q-Carer", ["relationship"] = "other", ["takesPart"] = false });
            body["concernAccount"] = "Mealtimes end in tears and nobody is heard.";
            body["readiness"]!["assessmentSummary"] = "family assessment notes xyzzy";
            body["views"]!["hopedForChange"] = "hope to laugh together plugh";
            body["views"]!["impactOnChild"] = "child feels calmer frobnitz";
            return body;
        }

        var closed = await Api.CreateAsync(Body());
        closed = await Api.ChangeAsync(closed, "request-information", new JsonObject { ["ruleCodes"] = new JsonArray("views.hoped-for-change"), ["comment"] = "Please confirm the agreed change quux." });
        var content = Body();
        content.Remove("submit");
        content.Remove("consents");
        content["parentCarers"]![0]!["id"] = closed.MotherId;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/referrals/{closed.Id}") { Content = ReferralApi.Json(content) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", closed.ETag);
            closed = await ReferralApi.ReadAsync(await Client.SendAsync(put), HttpStatusCode.OK);
        }

        closed = await Api.ChangeAsync(closed, "submit");
        closed = await Api.ChangeAsync(closed, "accept");
        closed = await Api.ChangeAsync(closed, "allocate", new JsonObject { ["practitioner"] = "practitioner Wilhelmina" });
        await Api.ChangeAsync(closed, "close", new JsonObject { ["outcome"] = "other", ["comment"] = "closing words thud" });

        var declined = await Api.CreateAsync(Body());
        await Api.ChangeAsync(declined, "decline", new JsonObject { ["reasonCode"] = "another-service-better-placed", ["comment"] = "declined because garply" });
    }
}
