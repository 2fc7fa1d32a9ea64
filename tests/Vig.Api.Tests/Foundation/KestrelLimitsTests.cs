using System.Net;
using System.Net.Sockets;
using System.Text;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// Kestrel refuses some requests before any middleware runs, so they cannot get problem details.
/// These tests pin what a client gets instead, as docs/decisions/0004-errors.md documents: the
/// status, an empty body with no Content-Type, and the connection closed.
/// </summary>
public sealed class KestrelLimitsTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task HeadersOverTheLimit_Get431_WithAnEmptyBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/concern-categories");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', ApiSetup.MaxRequestHeadersBytes));

        using var response = await Client.SendAsync(request);

        await AssertEmptyRefusalAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task ALargeButLegitimateHeader_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/concern-categories");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 16 * 1024));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RequestLineOverTheLimit_Gets414_WithAnEmptyBody()
    {
        var query = new string('a', ApiSetup.MaxRequestLineBytes);

        using var response = await Client.GetAsync(new Uri($"/api/v1/referrals?externalCaseId={query}", UriKind.Relative));

        await AssertEmptyRefusalAsync(response, HttpStatusCode.RequestUriTooLong);
    }

    [Theory]
    [InlineData("X-Bad: a\u0000b")]
    [InlineData("X-Bad: caf\u00e9")]
    [InlineData("X-Bad a")]
    public async Task MalformedHeader_Gets400_WithAnEmptyBody(string header)
    {
        var address = Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes($"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\n{header}\r\n\r\n"));

        // Kestrel closes the connection after the refusal, so the answer is everything up to the end.
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = await reader.ReadToEndAsync();

        var head = answer.Split("\r\n\r\n")[0].Split("\r\n");
        Assert.Equal("HTTP/1.1 400 Bad Request", head[0]);
        Assert.Contains("Content-Length: 0", head);
        Assert.Contains("Connection: close", head);
        Assert.DoesNotContain(head, line => line.StartsWith("Content-Type", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task AssertEmptyRefusalAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentType);
        Assert.True(response.Headers.ConnectionClose);
    }
}
