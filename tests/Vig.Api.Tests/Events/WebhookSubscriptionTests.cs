using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Vig.Api.Tests.Fixtures;
using Vig.Infrastructure.Webhooks;

namespace Vig.Api.Tests.Events;

/// <summary>POST/GET/DELETE /webhook-subscriptions: the secret shown once and kept encrypted, bad input, SSRF refusals.</summary>
public sealed class WebhookSubscriptionTests(ApiFixture api) : ApiTestBase(api)
{
    internal static JsonObject Body(string url, params string[] types) => new() { ["url"] = url, ["eventTypes"] = new JsonArray([.. types.Select(t => (JsonNode)t)]) };

    [Fact]
    public async Task ASubscription_ShowsItsSecretOnce_AndKeepsItEncrypted()
    {
        using var created = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("https://cms.example.org/vig", "referral.accepted", "referral.created")));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        var json = JsonDocument.Parse(text).RootElement;
        var secret = json.GetProperty("secret").GetString()!;
        var id = json.GetProperty("subscription").GetProperty("id").GetGuid();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        Assert.Equal(["referral.created", "referral.accepted"], Referral.Strings(json.GetProperty("subscription").GetProperty("eventTypes")));
        Assert.Equal($"/api/v1/webhook-subscriptions/{id}", created.Headers.Location!.ToString());

        var list = await Client.GetStringAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative));
        Assert.Contains(id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], list, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", list, StringComparison.OrdinalIgnoreCase);

        // Stored encrypted: neither the secret's text nor its key bytes are in the row.
        var row = await ScalarAsync<byte[]>($"SELECT secret_cipher FROM webhook_subscriptions WHERE id = '{id}'");
        Assert.DoesNotContain(secret[6..], Convert.ToBase64String(row), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(row), StringComparison.Ordinal);
        Assert.True(await Api.CountAsync("audit_events WHERE action = 'webhook.subscribe' AND client_id = 'case-system-a'") > 0);
    }

    [Fact]
    public async Task Delete_EndsOnlyYourOwnSubscription()
    {
        using var created = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("https://cms.example.org/vig", "referral.accepted")));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("subscription").GetProperty("id").GetGuid();
        using var other = Fixture.CreateClient("case-system-b", "referrals.read");

        using var foreign = await other.DeleteAsync(new Uri($"/api/v1/webhook-subscriptions/{id}", UriKind.Relative));
        using var deleted = await Client.DeleteAsync(new Uri($"/api/v1/webhook-subscriptions/{id}", UriKind.Relative));
        using var again = await Client.DeleteAsync(new Uri($"/api/v1/webhook-subscriptions/{id}", UriKind.Relative));

        Assert.Equal("webhook.not-found", (await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("[]", await Client.GetStringAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative)));
    }

    [Fact]
    public async Task WithoutReadScope_SubscribingIsForbidden()
    {
        using var submitOnly = Fixture.CreateClient("case-system-a", "referrals.submit");
        using var response = await submitOnly.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("https://cms.example.org/vig", "referral.accepted")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("""{ "eventTypes": ["referral.accepted"] }""", "url")]
    [InlineData("""{ "url": "ftp://cms.example.org/x", "eventTypes": ["referral.accepted"] }""", "url")]
    [InlineData("""{ "url": "https://user:pw@cms.example.org/x", "eventTypes": ["referral.accepted"] }""", "url")]
    [InlineData("""{ "url": "cms.example.org/x", "eventTypes": ["referral.accepted"] }""", "url")]
    [InlineData("""{ "url": "https://cms.example.org/x" }""", "eventTypes")]
    [InlineData("""{ "url": "https://cms.example.org/x", "eventTypes": [] }""", "eventTypes")]
    [InlineData("""{ "url": "https://cms.example.org/x", "eventTypes": ["referral.eaten"] }""", "eventTypes[0]")]
    [InlineData("""{ "url": "https://cms.example.org/x", "eventTypes": ["referral.accepted", "referral.accepted"] }""", "eventTypes")]
    public async Task BadInput_Is400_NamingTheField(string body, string field)
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, await Api.CountAsync("webhook_subscriptions"));
    }

    [Fact]
    public async Task PlainHttp_IsRefused_ExceptToALoopbackHostWhereAllowed()
    {
        using var remote = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("http://cms.example.org/vig", "referral.accepted")));
        using var loopback = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("http://127.0.0.1:9/vig", "referral.accepted")));

        var problem = await ProblemAssert.IsProblemAsync(remote, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("webhook.url-refused", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.GetRawText());
        Assert.Equal(HttpStatusCode.Created, loopback.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    public async Task OutsideDevelopment_InternalAddresses_AreRefused(string url)
    {
        await using var strict = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateNetworks", "false").UseSetting("Webhooks:AllowHttpLoopback", "false"));
        using var client = strict.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var response = await client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body(url, "referral.accepted")));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("webhook.url-refused", problem.GetProperty("code").GetString());
        Assert.Contains("private, loopback or link-local", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Api.CountAsync("webhook_subscriptions"));
    }

    [Theory]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[::ffff:0:127.0.0.1]/hook")]
    [InlineData("https://[::127.0.0.1]/hook")]
    [InlineData("https://[64:ff9b::7f00:1]/hook")]
    [InlineData("https://[64:ff9b:1::7f00:1]/hook")]
    [InlineData("https://[2002:7f00:1::]/hook")]
    [InlineData("https://[2001:0:7f00:1::80ff:fffe]/hook")]
    public async Task OutsideDevelopment_IPv6FormsEmbeddingLoopback_AreRefusedAsPlainLoopbackIs(string url)
    {
        // Issue 23: each form reaches 127.0.0.1 (through a translator or tunnel where one exists), so it gets 127.0.0.1's answer.
        await using var strict = Fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateNetworks", "false").UseSetting("Webhooks:AllowHttpLoopback", "false"));
        using var client = strict.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);

        using var plain = await client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body("https://127.0.0.1/hook", "referral.accepted")));
        using var embedded = await client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body(url, "referral.accepted")));

        var expected = await ProblemAssert.IsProblemAsync(plain, HttpStatusCode.UnprocessableEntity);
        var problem = await ProblemAssert.IsProblemAsync(embedded, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(expected.GetProperty("code").GetString(), problem.GetProperty("code").GetString());
        Assert.Equal(expected.GetProperty("errors").GetRawText(), problem.GetProperty("errors").GetRawText());
        Assert.Equal(0, await Api.CountAsync("webhook_subscriptions"));
    }

    [Fact]
    public async Task AUrlWithinTheLimitAsSent_ButOverItPercentEncoded_Is400NamingTheUrl()
    {
        // 1,020 characters as sent, 6,020 as stored: "é" is kept as %C3%A9.
        var url = "https://example.org/" + new string('é', 1000);
        using var response = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body(url, "referral.accepted")));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("url")[0].GetString();
        Assert.Contains("6020 characters, over the limit of 2000", message, StringComparison.Ordinal);
        Assert.Equal(0, await Api.CountAsync("webhook_subscriptions"));

        // At the limit once encoded it is taken, and stored as encoded.
        var longest = "https://example.org/" + new string('é', 330) + new string('x', 2000 - 20 - (330 * 6));
        using var created = await Client.PostAsync(new Uri("/api/v1/webhook-subscriptions", UriKind.Relative), ReferralApi.Json(Body(longest, "referral.accepted")));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal(2000, (await ScalarAsync<string>("SELECT url FROM webhook_subscriptions")).Length);
    }

    [Theory]
    [InlineData("93.184.215.14", false)]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::", true)]
    public void AddressRules(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookUrlPolicy.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void TheSignature_MatchesTheStandardWebhooksExample() =>
        Assert.Equal(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""));

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
