using System.Net;
using System.Net.Sockets;

namespace LetsCode.Testing.Processes;

/// <summary>Picks a TCP port on 127.0.0.1 that nothing listens on right now.</summary>
public static class FreeLoopbackPort
{
    /// <remarks>
    /// The kernel hands out ephemeral ports round-robin, so the port just released is unlikely to be handed to
    /// someone else before our server binds it; servers still fail loudly if it was.
    /// </remarks>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
