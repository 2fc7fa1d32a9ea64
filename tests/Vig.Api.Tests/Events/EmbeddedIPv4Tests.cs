using System.Net;
using Vig.Infrastructure.Webhooks;

namespace Vig.Api.Tests.Events;

/// <summary>
/// The IPv4 address inside an IPv6 one, and the SSRF rule judging by it (issue 23). Pure functions:
/// nothing here connects anywhere, so the public addresses below are only parsed.
/// </summary>
public sealed class EmbeddedIPv4Tests
{
    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]          // IPv4-mapped
    [InlineData("::ffff:0:127.0.0.1", "127.0.0.1")]        // IPv4-translated (SIIT)
    [InlineData("::127.0.0.1", "127.0.0.1")]               // IPv4-compatible
    [InlineData("::", "0.0.0.0")]
    [InlineData("::1", "0.0.0.1")]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1")]           // NAT64 well-known prefix
    [InlineData("2002:7f00:1::", "127.0.0.1")]             // 6to4: bits 16 to 48
    [InlineData("2002:7f00:1:ffff:ffff:ffff:ffff:ffff", "127.0.0.1")]
    [InlineData("2001:0:7f00:1::80ff:fffe", "127.0.0.1")]  // Teredo: server 127.0.0.1, client 127.0.0.1 inverted
    [InlineData("2001:0:4136:e378:8000:63bf:a247:28f1", "93.184.215.14")]
    [InlineData("2002:5db8:d70e::1", "93.184.215.14")]
    public void TheEmbeddedAddress_IsFound(string v6, string v4) =>
        Assert.Equal(IPAddress.Parse(v4), EmbeddedIPv4.Of(IPAddress.Parse(v6)));

    [Theory]
    [InlineData("127.0.0.1")]                              // IPv4 itself embeds nothing
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::1:0:7f00:1")]                           // a 1 in bits 64 to 80: neither ::/96 nor ::ffff:0:0:0/96
    [InlineData("64:ff9b:0:0:1::7f00:1")]                  // 64:ff9b:: but not /96
    [InlineData("2001:1::80ff:fffe")]                      // 2001:1::/32 is not Teredo
    [InlineData("2003:7f00:1::")]
    [InlineData("fe80::7f00:1")]
    public void OtherAddresses_EmbedNone(string address) =>
        Assert.Null(EmbeddedIPv4.Of(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:0:10.0.0.1", true)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("::192.168.0.1", true)]
    [InlineData("64:ff9b::7f00:1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]               // 169.254.169.254, cloud metadata
    [InlineData("64:ff9b:1::5db8:d70e", true)]             // local-use NAT64: never public, whatever it embeds
    [InlineData("2002:7f00:1::", true)]
    [InlineData("2002:a00:1::1", true)]                    // 10.0.0.1
    [InlineData("2001:0:7f00:1::80ff:fffe", true)]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", true)] // client 10.0.0.1
    [InlineData("64:ff9b::5db8:d70e", false)]              // 93.184.215.14 through NAT64
    [InlineData("2002:5db8:d70e::1", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:a247:28f1", false)]
    [InlineData("::ffff:93.184.215.14", false)]
    public void AnEmbeddingAddress_IsJudgedByItsIPv4Address(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookUrlPolicy.IsInternal(IPAddress.Parse(address)));
}
