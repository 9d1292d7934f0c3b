using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Transport;

namespace Vedliot.Hosting.Broker;

/// <summary>
/// How to reach the deployment's MQTT broker, for the <c>vedliot</c> command and the node agent alike; the
/// command line fills it (<see cref="BrokerCommandLine"/>, options named next to each property). Call
/// <see cref="Validate"/> before use (<see cref="CreateClientOptions"/> does).
/// </summary>
public sealed record BrokerConnectionOptions
{
    /// <summary>Broker host name or address, IPv6 without brackets (<c>--broker HOST:PORT</c>). Default: <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Broker TCP port. Default: 1883.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Whether to connect with TLS, checking that the broker's certificate names <see cref="Host"/> (<c>--tls</c>). Default: false.</summary>
    public bool UseTls { get; init; }

    /// <summary>CA certificate (PEM) the broker's certificate chains to, or null for the system's trust store (<c>--broker-ca</c>; TLS only). Default: null.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Client certificate (PEM) for mutual TLS, with <see cref="ClientKeyPath"/> (<c>--client-cert</c>; TLS only). Default: null.</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>Private key (PEM) of <see cref="ClientCertificatePath"/> (<c>--client-key</c>). Default: null.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>Broker user name (<c>--username</c>), or null. Default: null.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// Broker password, read from its source by the command line (<c>--password-file</c>, else
    /// <see cref="BrokerCommandLine.PasswordVariable"/>; never the command line itself), or null. Default: null.
    /// </summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>The address as the command line writes it, e.g. <c>127.0.0.1:1883</c> or <c>[::1]:1883</c>.</summary>
    public string Address => BrokerAddress.Format(Host, Port);

    /// <summary>Checks every setting, and that the files it names exist.</summary>
    /// <exception cref="BrokerOptionsException">A setting is missing, out of range or names a missing file; the message names the option.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || (Host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(Host, out _)))
        {
            throw new BrokerOptionsException($"--broker '{Address}': '{Host}' is neither a host name nor an IP address");
        }

        if (Port is < 1 or > 65535)
        {
            throw new BrokerOptionsException($"--broker '{Address}': port {Port} is outside 1..65535");
        }

        if (!UseTls && (CaCertificatePath ?? ClientCertificatePath ?? ClientKeyPath) is not null)
        {
            throw new BrokerOptionsException("--broker-ca, --client-cert and --client-key need --tls");
        }

        if ((ClientCertificatePath is null) != (ClientKeyPath is null))
        {
            throw new BrokerOptionsException("--client-cert and --client-key go together (mutual TLS needs the certificate and its private key)");
        }

        RequireFile(CaCertificatePath, "--broker-ca", "CA certificate");
        RequireFile(ClientCertificatePath, "--client-cert", "client certificate");
        RequireFile(ClientKeyPath, "--client-key", "private key");
    }

    /// <summary>Reads the TLS settings' certificates and key.</summary>
    /// <returns>The TLS settings, or null without <see cref="UseTls"/>.</returns>
    /// <exception cref="BrokerOptionsException">A certificate or key file is not usable PEM; the message names the option.</exception>
    public MqttTlsOptions? CreateTls()
    {
        if (!UseTls)
        {
            return null;
        }

        var tls = new MqttTlsOptions { TargetHost = Host };
        try
        {
            if (CaCertificatePath is not null)
            {
                tls.TrustedRootCertificates.Add(X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath));
            }

            if (ClientCertificatePath is not null && ClientKeyPath is not null)
            {
                using var pem = X509Certificate2.CreateFromPemFile(ClientCertificatePath, ClientKeyPath);

                // Through PKCS#12 so that TLS can use the key on every platform.
                tls.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
            }
        }
        catch (CryptographicException e)
        {
            throw new BrokerOptionsException($"--broker-ca/--client-cert/--client-key: not a usable PEM certificate or key: {e.Message}", e);
        }

        return tls;
    }

    /// <summary>Client options for this broker: address, TLS, user and password; the caller adds what its client needs besides.</summary>
    /// <param name="clientId">The MQTT client id.</param>
    /// <param name="timeProvider">The client's clock.</param>
    /// <returns>The options.</returns>
    /// <exception cref="BrokerOptionsException">A setting is invalid or a file unusable; the message names the option.</exception>
    public MqttClientOptions CreateClientOptions(string clientId, TimeProvider timeProvider)
    {
        Validate();
        return new MqttClientOptions
        {
            Host = Host,
            Port = Port,
            Tls = CreateTls(),
            ClientId = clientId,
            UserName = UserName,
            Password = Password,
            TimeProvider = timeProvider,
            MaximumPacketSize = 256 << 20, // model partitions travel to the nodes in one message
        };
    }

    private static void RequireFile(string? path, string option, string what)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new BrokerOptionsException($"{option} '{path}': {what} not found");
        }
    }
}
