using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Tests.Infrastructure;

/// <summary>
/// Runs a real mosquitto for the tests: plain MQTT, TLS and mutual-TLS listeners on free loopback
/// ports, certificates made here, a password file made with mosquitto_passwd and an ACL file.
/// The broker is killed and its files removed when the fixture is disposed.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    public const string UserName = "vedliot";
    public const string Password = "s3cret-pass";
    public const string RestrictedUser = "restricted";
    public const string RestrictedPassword = "restricted-pass";
    public const string ClientCertificateName = "tls-client";
    public const uint BrokerMaximumPacketSize = 4 << 20;

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vedliot-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);

    public int Port { get; private set; }

    public int TlsPort { get; private set; }

    public int MutualTlsPort { get; private set; }

    public X509Certificate2 CaCertificate { get; private set; } = null!;

    public X509Certificate2 ClientCertificate { get; private set; } = null!;

    public X509Certificate2 UntrustedClientCertificate { get; private set; } = null!;

    public string CaCertificatePath => Path.Combine(Directory, "ca.crt");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        WriteCertificates();
        await RunAsync("mosquitto_passwd", $"-b -c {Quote(Path.Combine(Directory, "passwd"))} {UserName} {Password}");
        await RunAsync("mosquitto_passwd", $"-b {Quote(Path.Combine(Directory, "passwd"))} {RestrictedUser} {RestrictedPassword}");
        File.WriteAllText(Path.Combine(Directory, "acl"), $"""
            user {UserName}
            topic readwrite #

            user {RestrictedUser}
            topic readwrite allowed/#
            topic read readonly/#

            user {ClientCertificateName}
            topic readwrite #

            """);
        (Port, TlsPort, MutualTlsPort) = (FreePort(), FreePort(), FreePort());
        var config = new StringBuilder();
        if (Environment.UserName == "root")
        {
            config.AppendLine("user root");
        }

        config.AppendLine(CultureInvariant($"""
            per_listener_settings false
            allow_anonymous false
            persistence false
            password_file {Path.Combine(Directory, "passwd")}
            acl_file {Path.Combine(Directory, "acl")}
            max_packet_size {BrokerMaximumPacketSize}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            listener {Port} 127.0.0.1
            listener {TlsPort} 127.0.0.1
            cafile {CaCertificatePath}
            certfile {Path.Combine(Directory, "server.crt")}
            keyfile {Path.Combine(Directory, "server.key")}
            listener {MutualTlsPort} 127.0.0.1
            cafile {CaCertificatePath}
            certfile {Path.Combine(Directory, "server.crt")}
            keyfile {Path.Combine(Directory, "server.key")}
            require_certificate true
            use_identity_as_username true
            """));
        File.WriteAllText(Path.Combine(Directory, "mosquitto.conf"), config.ToString());
        await StartAsync();
    }

    /// <summary>Starts (or restarts) the broker with the same configuration and ports.</summary>
    public async Task StartAsync()
    {
        var configPath = Path.Combine(Directory, "mosquitto.conf");
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("mosquitto", $"-c {Quote(configPath)}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        _process.Exited += (_, _) => running.TrySetException(new InvalidOperationException("mosquitto exited during start-up:\n" + Log));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await running.Task.WaitAsync(TestTimeouts.Safety);
    }

    /// <summary>Kills the broker abruptly (clients see their connections drop).</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();

        CaCertificate?.Dispose();
        ClientCertificate?.Dispose();
        UntrustedClientCertificate?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Options for a client of the plain listener, authenticated as the full-access user.</summary>
    public MqttClientOptions Options(string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId,
        ProtocolVersion = version,
        UserName = UserName,
        Password = Encoding.UTF8.GetBytes(Password),
        Reconnect = { Enabled = false },
    };

    public MqttTlsOptions TlsOptions(string targetHost = "localhost")
    {
        var tls = new MqttTlsOptions { TargetHost = targetHost };
        tls.TrustedRootCertificates.Add(CaCertificate);
        return tls;
    }

    private void WriteCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Vedliot Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        CaCertificate = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serverCert = serverRequest.Create(CaCertificate, notBefore, notBefore.AddDays(30), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(Directory, "ca.crt"), CaCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "server.crt"), serverCert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());

        ClientCertificate = CreateClientCertificate(CaCertificate, caKey, ClientCertificateName, notBefore);
        using var otherCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = new CertificateRequest("CN=Someone Else's CA", otherCaKey, HashAlgorithmName.SHA256) { CertificateExtensions = { new X509BasicConstraintsExtension(true, false, 0, true) } }
            .CreateSelfSigned(notBefore, notBefore.AddDays(30));
        UntrustedClientCertificate = CreateClientCertificate(otherCa, otherCaKey, ClientCertificateName, notBefore);
    }

    private static X509Certificate2 CreateClientCertificate(X509Certificate2 issuer, ECDsa issuerKey, string name, DateTimeOffset notBefore)
    {
        _ = issuerKey;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.Create(issuer, notBefore, notBefore.AddDays(30), [5, 6, 7, 8]);
        using var withKey = cert.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Quote(string path) => "\"" + path + "\"";

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {await stderr}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MosquittoGroup : ICollectionFixture<MosquittoFixture>
{
    public const string Name = "mosquitto";
}
