using System.Net;
using System.Net.Sockets;

namespace Connector.Web.Platform.Http;

/// <summary>A call refused because its host resolves to an address that is not on the public internet.</summary>
public sealed class AddressRefusedException(string host) : Exception($"{host} resolves to an address that is not public.")
{
    public string Host { get; } = host;
}

/// <summary>
/// The primary handler for calls whose address a tenant typed. The check happens where the socket connects, on the
/// addresses actually dialled, so neither DNS rebinding nor a redirect can slip past it; redirects are not followed
/// at all (the caller sees the 3xx).
/// </summary>
public static class PublicAddressGuard
{
    /// <param name="allowedNetworks">Private networks an operator allows (a Jira Data Center inside the network the app runs in).</param>
    public static SocketsHttpHandler Handler(bool allowLoopback, IReadOnlyList<IPNetwork>? allowedNetworks = null) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            // Every address must pass: a name that resolves to one public and one private address is refused.
            if (addresses.Length == 0 || !addresses.All(a => Permits(a, allowLoopback, allowedNetworks ?? [])))
                throw new AddressRefusedException(host);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Public addresses always; loopback when the sandbox asks; private ones only inside a network the operator allowed.</summary>
    public static bool Permits(IPAddress address, bool allowLoopback, IReadOnlyList<IPNetwork> allowedNetworks)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return AddressRanges.IsPublic(address) || (allowLoopback && AddressRanges.IsLoopback(address)) || allowedNetworks.Any(n => n.Contains(plain));
    }
}
