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
    [InlineData("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0000b", "400 Bad Request")]
    [InlineData("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Bad: caf\u00e9", "400 Bad Request")]
    [InlineData("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Bad a", "400 Bad Request")]
    [InlineData("GET /health/live\u0000 HTTP/1.1\r\nHost: localhost", "400 Bad Request")]
    [InlineData("GET /health/live HTTP/9.9\r\nHost: localhost", "505 HTTP Version Not Supported")]
    public async Task MalformedRequest_GetsAnEmptyRefusal(string head, string status)
    {
        var address = Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head + "\r\n\r\n"));

        // Kestrel closes the connection after the refusal, so the answer is everything up to the end.
        // (The token only stops a hang if that ever changes; nothing is timed.)
        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var answer = await reader.ReadToEndAsync(hang.Token);

        var lines = answer.Split("\r\n\r\n")[0].Split("\r\n");
        Assert.Equal($"HTTP/1.1 {status}", lines[0]);
        Assert.Contains("Content-Length: 0", lines);
        Assert.Contains("Connection: close", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("Content-Type", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(string.Empty, answer.Split("\r\n\r\n", 2)[1]);
    }

    private static async Task AssertEmptyRefusalAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentType);
        Assert.True(response.Headers.ConnectionClose);
    }
}
