using System.Net;
using System.Net.Sockets;

namespace Connector.Tests.Infrastructure;

static class FreePort
{
    /// <summary>
    /// A loopback port nobody listens on right now. The app's descriptor must name its own URL before it starts, so
    /// "listen on port 0 and ask" comes too late here. The port is below Linux's ephemeral range (32768 and up): a port
    /// the kernel hands out is also what the suite's many outgoing connections are given as their local port, and one of
    /// them took a world's port between choosing it and binding it (a whole test class then failed to start).
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Taken: try another.
            }
        }
    }
}
