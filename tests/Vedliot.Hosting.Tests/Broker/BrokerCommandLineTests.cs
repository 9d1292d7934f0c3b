using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vedliot.Hosting.Broker;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Broker;

public sealed class BrokerCommandLineTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static Task<BrokerConnectionOptions> BindAsync(string[] args, string? passwordVariable = null)
    {
        var broker = new BrokerCommandLine();
        var command = new RootCommand();
        broker.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return broker.BindAsync(parse, name => name == BrokerCommandLine.PasswordVariable ? passwordVariable : null);
    }

    private string CaCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test broker CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = _directory.File("ca.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    [Fact]
    public async Task Without_options_the_broker_is_plain_tcp_on_localhost_1883_without_a_user()
    {
        var options = await BindAsync([]);

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(1883, options.Port);
        Assert.False(options.UseTls);
        Assert.Null(options.CreateTls());
        Assert.Null(options.UserName);
        Assert.Null(options.Password);
    }

    [Fact]
    public async Task An_ipv6_broker_is_reached_without_brackets_and_its_certificate_must_name_the_address()
    {
        var options = await BindAsync(["--broker", "[::1]:8883", "--tls"]);

        Assert.Equal("::1", options.Host);
        Assert.Equal(8883, options.Port);
        Assert.Equal("[::1]:8883", options.Address);
        var client = options.CreateClientOptions("c", TimeProvider.System);
        Assert.Equal("::1", client.Host);
        Assert.Equal("::1", client.Tls!.TargetHost);
    }

    [Fact]
    public async Task The_password_comes_from_the_environment_variable_unless_a_password_file_is_given()
    {
        var file = _directory.File("password");
        await File.WriteAllTextAsync(file, "from-file\n");

        var fromVariable = await BindAsync(["--username", "node-1"], passwordVariable: "from-variable");
        var fromFile = await BindAsync(["--username", "node-1", "--password-file", file], passwordVariable: "from-variable");

        Assert.Equal("from-variable", Encoding.UTF8.GetString(fromVariable.Password!.Value.Span));
        Assert.Equal("from-file", Encoding.UTF8.GetString(fromFile.Password!.Value.Span));
        Assert.Equal("node-1", fromFile.CreateClientOptions("c", TimeProvider.System).UserName);
    }

    [Fact]
    public async Task The_broker_ca_is_the_only_root_trusted_for_the_broker_s_certificate()
    {
        var ca = CaCertificate();

        var options = await BindAsync(["--broker", "broker.lan:8883", "--tls", "--broker-ca", ca]);

        var tls = options.CreateClientOptions("c", TimeProvider.System).Tls!;
        Assert.Equal("broker.lan", tls.TargetHost);
        Assert.Equal("CN=Test broker CA", Assert.Single(tls.TrustedRootCertificates).Subject);
    }

    [Theory]
    [InlineData(new[] { "--broker", "localhost" }, "--broker 'localhost': expected HOST:PORT, e.g. 127.0.0.1:1883")]
    [InlineData(new[] { "--broker", "::1:1883" }, "--broker '::1:1883': expected HOST:PORT with an IPv6 address in brackets, e.g. [::1]:1883")]
    [InlineData(new[] { "--broker", "localhost:70000" }, "--broker 'localhost:70000': expected HOST:PORT with a port from 1 to 65535")]
    [InlineData(new[] { "--broker-ca", "ca.pem" }, "--broker-ca, --client-cert and --client-key need --tls")]
    [InlineData(new[] { "--tls", "--client-cert", "c.pem" }, "--client-cert and --client-key go together (mutual TLS needs the certificate and its private key)")]
    [InlineData(new[] { "--tls", "--broker-ca", "/nonexistent/ca.pem" }, "--broker-ca '/nonexistent/ca.pem': CA certificate not found")]
    [InlineData(new[] { "--tls", "--client-cert", "/nonexistent/c.pem", "--client-key", "/nonexistent/c.key" }, "--client-cert '/nonexistent/c.pem': client certificate not found")]
    [InlineData(new[] { "--password-file", "/nonexistent/password" }, "--password-file '/nonexistent/password': password file not found")]
    public async Task A_bad_option_is_an_error_naming_it_and_the_reason(string[] args, string message)
    {
        var error = await Assert.ThrowsAsync<BrokerOptionsException>(() => BindAsync(args));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_broker_ca_that_is_not_a_certificate_is_an_error_naming_the_option()
    {
        var notPem = _directory.File("ca.pem");
        await File.WriteAllTextAsync(notPem, "not a certificate");
        var options = await BindAsync(["--tls", "--broker-ca", notPem]);

        var error = Assert.Throws<BrokerOptionsException>(() => options.CreateClientOptions("c", TimeProvider.System));

        Assert.StartsWith("--broker-ca/--client-cert/--client-key: not a usable PEM certificate or key:", error.Message, StringComparison.Ordinal);
    }
}
