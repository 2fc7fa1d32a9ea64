using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Referrals;

/// <summary>Bad input is a 400 that names the field and what to do; it never causes a 500 and never writes.</summary>
public sealed class BadInputTests(ApiFixture api) : ApiTestBase(api)
{
    public static TheoryData<string, string> UnreadableBodies => new()
    {
        { "{ not json", "$" },
        { "[1, 2]", "$" },
        { """{ "child": { "name": "A", "dateOfBirth": "24/11/2020" } }""", "child.dateOfBirth" },
        { """{ "child": { "name": "A", "dateOfBirth": "2020-02-30" } }""", "child.dateOfBirth" },
        { """{ "referrer": { "name": "A", "role": "plumber" } }""", "referrer.role" },
        { """{ "referrer": { "name": "A", "role": 1 } }""", "referrer.role" },
        { """{ "route": { "kind": "caseManagementDecision", "reference": 42 } }""", "route.reference" },
        { """{ "child": { "name": "A", "dateOfBirth": "2020-01-01", "gestationWeeks": "thirty" } }""", "child.gestationWeeks" },
        { """{ "parentCarers": [ { "id": "not-a-guid", "name": "A", "relationship": "mother" } ] }""", "parentCarers[0].id" },
        { """{ "submit": "yes" }""", "submit" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task UnreadableBody_Returns400NamingTheField_AndWritesNothing(string body, string field)
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"Expected an error for '{field}': {errors.GetRawText()}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task InvalidFields_Return400WithEveryFieldByJsonPath_AndWriteNothing()
    {
        var body = ReferralApi.EligibleBody();
        body["referrer"]!["name"] = "";
        body["referrer"]!["email"] = "not-an-email";
        body["child"]!["gestationWeeks"] = 12;
        body["concerns"] = new JsonArray("autism", "sadness");
        body["parentCarers"]![0]!["relationship"] = null;
        body["route"]!["reference"] = new string('x', 65);

        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), ReferralApi.Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["child.gestationWeeks", "concerns[1]", "parentCarers[0].relationship", "referrer.email", "referrer.name", "route.reference"], fields);
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task WrongContentType_Returns415Problem()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent("route=cmd", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await Api.CountAsync("referrals"));
    }

    [Fact]
    public async Task EmptyBody_Returns400Problem()
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent("", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NonGuidReferralId_Returns404Problem()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/referrals/VIG-2026-000001", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadTransitionBody_LeavesTheReferralAsItWas()
    {
        var referral = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));

        using var response = await Api.PostAsync(referral.Id, "close", referral.ETag, JsonNode.Parse("""{ "outcome": "finished" }"""));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _));
        var after = await Api.GetAsync(referral.Id);
        Assert.Equal((referral.Status, referral.Version), (after.Status, after.Version));
    }

    [Fact]
    public async Task UnknownProperties_AreIgnored()
    {
        var body = ReferralApi.EligibleBody();
        body["favouriteColour"] = "green";

        var referral = await Api.CreateAsync(body);

        Assert.False(referral.Json.TryGetProperty("favouriteColour", out _));
        Assert.Equal(JsonValueKind.Object, referral.Json.GetProperty("child").ValueKind);
    }
}
