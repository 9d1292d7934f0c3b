namespace Vedliot.Testing;

/// <summary>What a <see cref="MosquittoBroker"/> offers beyond its plain listener. The defaults give an anonymous broker.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>
    /// Users in the broker's password file; <see cref="MosquittoBroker.Options"/> logs in as the first.
    /// With none (the default) anonymous clients are allowed; with any, they are refused.
    /// </summary>
    public IReadOnlyList<(string Name, string Password)> Users { get; init; } = [];

    /// <summary>The ACL file's text, in mosquitto's format. Default: none, so every client may use every topic.</summary>
    public string? Acl { get; init; }

    /// <summary>
    /// Adds a TLS listener and a mutual-TLS listener (a client certificate is required and its CN is the user
    /// name), with certificates from a CA made for the broker. Default: off.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>The broker's <c>max_packet_size</c> in bytes. Default: none, mosquitto's own limit.</summary>
    public uint? MaximumPacketSize { get; init; }
}
