using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vedliot.Testing;

/// <summary>
/// A CA made for one test broker, its server certificate (for localhost and 127.0.0.1), a client certificate
/// it trusts and one from another CA, valid for 30 days from yesterday.
/// </summary>
internal sealed class BrokerCertificates : IDisposable
{
    private BrokerCertificates(X509Certificate2 ca, X509Certificate2 client, X509Certificate2 untrustedClient)
    {
        Ca = ca;
        Client = client;
        UntrustedClient = untrustedClient;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 UntrustedClient { get; }

    /// <summary>Makes the certificates and writes the broker's (<c>ca.crt</c>, <c>server.crt</c>, <c>server.key</c>) into <paramref name="directory"/>.</summary>
    public static BrokerCertificates Create(string directory, string clientName)
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Vedliot Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, notBefore, notBefore.AddDays(30), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.crt"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());

        using var otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = new CertificateRequest("CN=Someone Else's CA", otherCaKey, HashAlgorithmName.SHA256) { CertificateExtensions = { new X509BasicConstraintsExtension(true, false, 0, true) } }
            .CreateSelfSigned(notBefore, notBefore.AddDays(30));
        return new BrokerCertificates(ca, ClientCertificate(ca, clientName, notBefore), ClientCertificate(otherCa, clientName, notBefore));
    }

    public void Dispose()
    {
        Ca.Dispose();
        Client.Dispose();
        UntrustedClient.Dispose();
    }

    private static X509Certificate2 ClientCertificate(X509Certificate2 issuer, string name, DateTimeOffset notBefore)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(issuer, notBefore, notBefore.AddDays(30), [5, 6, 7, 8]);
        using var withKey = certificate.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so that SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
