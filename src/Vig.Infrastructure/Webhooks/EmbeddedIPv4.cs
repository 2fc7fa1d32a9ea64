using System.Net;
using System.Net.Sockets;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// The IPv4 address that an IPv6 address carries inside it, for the forms that lead to that IPv4
/// host: a URL naming one of them reaches the IPv4 address, so the SSRF rules must judge that one.
/// </summary>
internal static class EmbeddedIPv4
{
    /// <summary>
    /// The embedded IPv4 address, or null when <paramref name="address"/> is IPv4 or an IPv6 address of
    /// no such form. Forms: IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96,
    /// IPv4-compatible ::/96, NAT64 64:ff9b::/96 (last 32 bits), 6to4 2002::/16 (bits 16 to 48) and
    /// Teredo 2001::/32 (the client's address, the last 32 bits inverted).
    /// </summary>
    public static IPAddress? Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[..10].IndexOfAnyExcept((byte)0) < 0)
        {
            // ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped); :: and ::1 fall here too, as 0.0.0.0 and 0.0.0.1.
            var mark = (b[10] << 8) | b[11];
            return mark is 0 or 0xffff ? new IPAddress(b[12..]) : null;
        }

        if (b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return new IPAddress(b[12..]);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b[2..6]);
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            Span<byte> client = stackalloc byte[4];
            for (var i = 0; i < 4; i++)
            {
                client[i] = (byte)~b[12 + i];
            }

            return new IPAddress(client);
        }

        return null;
    }
}
