using System.Net;
using System.Net.Sockets;

namespace Connector.Web.Platform.Http;

/// <summary>
/// Which IP addresses are on the public internet. A tenant types addresses we then call with its credentials;
/// calls to loopback, private, link-local (cloud metadata at 169.254.169.254), shared, multicast or unspecified
/// addresses would turn the app into a scanner of our own network.
/// </summary>
public static class AddressRanges
{
    static readonly (IPAddress Network, int Prefix)[] NotPublicV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
    ];

    static readonly (IPAddress Network, int Prefix)[] NotPublicV6 =
    [
        (IPAddress.IPv6Any, 128), (IPAddress.IPv6Loopback, 128), (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8), (IPAddress.Parse("64:ff9b::"), 96), (IPAddress.Parse("2001:db8::"), 32),
    ];

    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(Unmapped(address));

    public static bool IsPublic(IPAddress address)
    {
        address = Unmapped(address);
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? NotPublicV4 : NotPublicV6;
        return !ranges.Any(range => Contains(range.Network, range.Prefix, address));
    }

    /// <summary>::ffff:127.0.0.1 is 127.0.0.1: judge the IPv4 address inside a mapped one.</summary>
    static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    static bool Contains(IPAddress network, int prefix, IPAddress address)
    {
        if (network.AddressFamily != address.AddressFamily) return false;
        var (a, b) = (network.GetAddressBytes(), address.GetAddressBytes());
        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
        }
        return true;
    }
}
