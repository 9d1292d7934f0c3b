using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Vedliot.Messaging.Transport;

/// <summary>TLS settings for a connection. The server certificate is always checked, including its host name.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>Host name expected in the server certificate. Default: null, meaning the connection's host.</summary>
    public string? TargetHost { get; set; }

    /// <summary>Client certificates for mutual TLS (each must carry a private key). Default: none.</summary>
    public X509Certificate2Collection ClientCertificates { get; } = [];

    /// <summary>
    /// Roots to trust instead of the system store (e.g. a private CA). Default: empty, meaning the
    /// system trust store. When set, the chain must end at one of these certificates.
    /// </summary>
    public X509Certificate2Collection TrustedRootCertificates { get; } = [];

    /// <summary>TLS versions to allow. Default: <see cref="SslProtocols.None"/> (the operating system's choice).</summary>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.None;

    /// <summary>Whether to check certificate revocation. Default: false (private CAs rarely publish CRLs).</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A client certificate has no private key.</exception>
    public void Validate()
    {
        foreach (var certificate in ClientCertificates)
        {
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException($"Client certificate '{certificate.Subject}' has no private key.", nameof(ClientCertificates));
            }
        }
    }

    internal SslClientAuthenticationOptions ToSslOptions(string host) => new()
    {
        TargetHost = TargetHost ?? host,
        ClientCertificates = ClientCertificates.Count > 0 ? ClientCertificates : null,
        EnabledSslProtocols = EnabledProtocols,
        CertificateRevocationCheckMode = CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateServerCertificate,
    };

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        if (TrustedRootCertificates.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(TrustedRootCertificates);
        customChain.ChainPolicy.RevocationMode = CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return customChain.Build(leaf);
    }
}
