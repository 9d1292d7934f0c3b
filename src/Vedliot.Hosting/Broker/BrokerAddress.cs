using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vedliot.Hosting.Broker;

/// <summary>
/// A broker's address as the command line writes it: <c>HOST:PORT</c>, with an IPv6 address in brackets
/// (<c>[::1]:1883</c>, as in URIs, RFC 3986 section 3.2.2), since its own colons would hide the port's.
/// </summary>
public static class BrokerAddress
{
    /// <summary>Reads <c>HOST:PORT</c> or <c>[IPV6]:PORT</c>.</summary>
    /// <param name="text">The address.</param>
    /// <param name="host">The host name or address, without brackets.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="problem">When it cannot be read: what is wrong, e.g. <c>expected HOST:PORT, e.g. 127.0.0.1:1883</c>.</param>
    /// <returns>Whether <paramref name="text"/> is an address.</returns>
    public static bool TryParse(string? text, out string host, out int port, out string problem)
    {
        (host, port) = (string.Empty, 0);
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon < 1)
        {
            problem = "expected HOST:PORT, e.g. 127.0.0.1:1883";
            return false;
        }

        var hostPart = text[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']') || !IPAddress.TryParse(hostPart[1..^1], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = "expected HOST:PORT with an IPv6 address in brackets, e.g. [::1]:1883";
                return false;
            }

            hostPart = hostPart[1..^1];
        }
        else if (hostPart.Contains(':', StringComparison.Ordinal))
        {
            problem = "expected HOST:PORT with an IPv6 address in brackets, e.g. [::1]:1883";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            problem = "expected HOST:PORT with a port from 1 to 65535";
            return false;
        }

        (host, port, problem) = (hostPart, number, string.Empty);
        return true;
    }

    /// <summary>Writes <paramref name="host"/> and <paramref name="port"/> as <see cref="TryParse"/> reads them.</summary>
    /// <param name="host">A host name or address; an IPv6 address gets its brackets.</param>
    /// <param name="port">The TCP port.</param>
    /// <returns>The address.</returns>
    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
