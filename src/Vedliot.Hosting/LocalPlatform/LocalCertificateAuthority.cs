using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// A certificate authority made for one local deployment: it signs the broker's TLS certificate (for
/// <c>localhost</c> and 127.0.0.1), so that every client checks the broker as it would on a network.
/// </summary>
internal static class LocalCertificateAuthority
{
    /// <summary>Writes <c>ca.crt</c>, <c>server.crt</c> and <c>server.key</c> (PEM) into <paramref name="directory"/>.</summary>
    /// <returns>The path of the CA certificate.</returns>
    public static string WriteBrokerCertificates(string directory)
    {
#pragma warning disable RS0030 // mosquitto and SslStream check validity against the machine's clock, not an injected one
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
#pragma warning restore RS0030
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Vedliot local deployment CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // TLS server authentication
        using var server = serverRequest.Create(ca, notBefore, notBefore.AddDays(7), RandomNumberGenerator.GetBytes(8));

        var caPath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.crt"), server.ExportCertificatePem());
        PrivateFiles.WriteAllText(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        return caPath;
    }
}
