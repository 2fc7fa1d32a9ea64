using System.Net;
using System.Net.Sockets;
using Vig.Application.Webhooks;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// SSRF rules for webhook URLs: https only (http only to a loopback host when
/// <see cref="WebhookOptions.AllowHttpLoopback"/>), and, unless <see cref="WebhookOptions.AllowPrivateNetworks"/>,
/// no host that resolves to a private, loopback, link-local or otherwise internal address. Checked
/// when subscribing and again at every connection (<see cref="ConnectAsync"/>), so a name that
/// later resolves inward is refused too.
/// </summary>
internal sealed class WebhookUrlPolicy(WebhookOptions options) : IWebhookUrlPolicy
{
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && !(options.AllowHttpLoopback && url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            return "Use an https URL.";
        }

        if (options.AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "The host name does not resolve.";
        }

        return addresses.Length == 0 ? "The host name does not resolve."
            : addresses.Any(IsInternal) ? "The host resolves to a private, loopback or link-local address; use a public https endpoint."
            : null;
    }

    /// <summary>The HTTP client's connect step: connects only to addresses the rules allow.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = options.AllowPrivateNetworks ? addresses : [.. addresses.Where(a => !IsInternal(a))];
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            throw new HttpRequestException("Refused: the webhook host resolves to a private, loopback or link-local address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loopback, private (RFC 1918, fc00::/7), link-local, carrier-grade NAT, unspecified, multicast and the like.
    /// An IPv6 address that embeds an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is judged by that IPv4 address.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (EmbeddedIPv4.Of(address) is { } embedded)
        {
            return IsInternal(embedded);
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19);
        }

        var v6 = address.GetAddressBytes();
        return address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)
            // Local-use NAT64 (RFC 8215) is never globally reachable, and where it puts the IPv4 address depends on a prefix length we cannot know.
            || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4] == 0x00 && v6[5] == 0x01);
    }
}
