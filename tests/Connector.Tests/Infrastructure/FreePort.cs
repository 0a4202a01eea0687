using System.Net;
using System.Net.Sockets;

namespace Connector.Tests.Infrastructure;

static class FreePort
{
    /// <summary>
    /// A loopback port nobody listens on right now. The app's descriptor must name its own URL before
    /// it starts, so "listen on port 0 and ask" comes too late here.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
