using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Transport;
using Vedliot.Runtime;

namespace Vedliot.Cli.Deployment;

/// <summary>The options that say how to reach the deployment's MQTT broker, spelled once for every verb that needs one.</summary>
internal sealed class BrokerOptions
{
    /// <summary>Environment variable holding the broker password when no password file is given.</summary>
    public const string PasswordVariable = "VEDLIOT_BROKER_PASSWORD";

    public Option<string> Broker { get; } = new("--broker") { Description = "The MQTT broker, HOST:PORT.", DefaultValueFactory = _ => "127.0.0.1:1883" };

    public Option<string?> UserName { get; } = new("--username") { Description = "Broker user name." };

    public Option<FileInfo?> PasswordFile { get; } = new("--password-file") { Description = $"File holding the broker password (else ${PasswordVariable})." };

    public Option<bool> Tls { get; } = new("--tls") { Description = "Connect with TLS; the broker's certificate must name its host." };

    public Option<FileInfo?> Ca { get; } = new("--broker-ca") { Description = "CA certificate (PEM) the broker's certificate chains to (with --tls)." };

    public Option<FileInfo?> ClientCertificate { get; } = new("--client-cert") { Description = "Client certificate (PEM) for mutual TLS." };

    public Option<FileInfo?> ClientKey { get; } = new("--client-key") { Description = "Private key (PEM) of --client-cert." };

    public IEnumerable<Option> All => [Broker, UserName, PasswordFile, Tls, Ca, ClientCertificate, ClientKey];

    /// <summary>Client options for the broker the command line names.</summary>
    /// <exception cref="VedliotException">An option is malformed or a file is missing.</exception>
    public MqttClientOptions ClientOptions(ParseResult parse, string clientId, TimeProvider timeProvider)
    {
        var (host, port) = Endpoint(parse.GetValue(Broker)!);
        var options = new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = clientId,
            UserName = parse.GetValue(UserName),
            Password = Password(parse),
            TimeProvider = timeProvider,
            MaximumPacketSize = 256 << 20,
        };
        if (parse.GetValue(Tls))
        {
            var tls = new MqttTlsOptions { TargetHost = host };
            if (parse.GetValue(Ca) is { } ca)
            {
                tls.TrustedRootCertificates.Add(X509CertificateLoader.LoadCertificateFromFile(Existing(ca, "--broker-ca")));
            }

            if (parse.GetValue(ClientCertificate) is { } certificate)
            {
                var key = parse.GetValue(ClientKey) ?? throw new VedliotException("--client-cert needs --client-key");
                tls.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(Existing(certificate, "--client-cert"), Existing(key, "--client-key")));
            }

            options.Tls = tls;
        }

        return options;
    }

    /// <summary>Connects <paramref name="client"/>; an unreachable broker is an error naming it.</summary>
    /// <exception cref="VedliotException">The broker cannot be reached.</exception>
    public static async Task ConnectAsync(MqttClient client, MqttClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            throw new VedliotException($"broker {options.Host}:{options.Port}: cannot connect: {e.Message}", e);
        }
    }

    /// <summary>Parses <c>HOST:PORT</c>.</summary>
    public static (string Host, int Port) Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (text[..colon], port)
            : throw new VedliotException($"--broker '{text}': expected HOST:PORT");
    }

    private ReadOnlyMemory<byte>? Password(ParseResult parse)
    {
        if (parse.GetValue(PasswordFile) is { } file)
        {
            return Encoding.UTF8.GetBytes(File.ReadAllText(Existing(file, "--password-file")).TrimEnd('\r', '\n'));
        }

        return Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } password ? Encoding.UTF8.GetBytes(password) : null;
    }

    private static string Existing(FileInfo file, string option) =>
        file.Exists ? file.FullName : throw new VedliotException($"{option} {file.FullName}: file not found");
}
