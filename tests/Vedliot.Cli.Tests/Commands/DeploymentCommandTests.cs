using System.Net;
using System.Net.Sockets;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

/// <summary>Bad input to <c>deploy</c>, <c>status</c> and <c>demo</c> gives one line naming what is wrong and exit code 1 (their real runs are in Vedliot.IntegrationTests).</summary>
public class DeploymentCommandTests
{
    [Fact]
    public void Deploy_names_a_missing_manifest()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("ca.pem"), string.Empty);

        var (exitCode, _, error) = CliRunner.Run("deploy", directory.File("nope.yaml"), "--ek-ca", directory.File("ca.pem"));

        Assert.Equal(1, exitCode);
        Assert.Contains("nope.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_names_the_manifest_field_at_fault()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("deploy.yaml"), "usecase: x\nplatform: discover\npipelines:\n  - name: p\n    model: m.onnx\n    input_topic: in/#\n    output_topic: out\n");
        File.WriteAllText(directory.File("ca.pem"), string.Empty);

        var (exitCode, _, error) = CliRunner.Run("deploy", directory.File("deploy.yaml"), "--ek-ca", directory.File("ca.pem"));

        Assert.Equal(1, exitCode);
        Assert.Contains("deploy.yaml", error, StringComparison.Ordinal);
        Assert.Contains("input_topic", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_names_a_broker_that_cannot_be_reached()
    {
        var (exitCode, _, error) = CliRunner.Run("status", "--broker", $"127.0.0.1:{ClosedPort()}", "--wait", "1");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("vedliot: error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_rejects_a_malformed_broker_address()
    {
        var (exitCode, _, error) = CliRunner.Run("status", "--broker", "localhost");

        Assert.Equal(1, exitCode);
        Assert.Contains("--broker 'localhost': expected HOST:PORT", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_takes_an_ipv6_broker_address_in_brackets()
    {
        var port = ClosedPort();

        var (exitCode, _, error) = CliRunner.Run("status", "--broker", $"[::1]:{port}", "--wait", "1");

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"vedliot: error: broker [::1]:{port}: cannot connect:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_rejects_a_broker_ca_without_tls()
    {
        using var directory = new TempDirectory();
        var ca = directory.File("ca.pem");
        File.WriteAllText(ca, "not read: the option is refused first");

        var (exitCode, _, error) = CliRunner.Run("status", "--broker-ca", ca);

        Assert.Equal(1, exitCode);
        Assert.Contains("--broker-ca, --client-cert and --client-key need --tls", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_names_the_use_cases_it_knows()
    {
        var (exitCode, _, error) = CliRunner.Run("demo", "factory-floor");

        Assert.Equal(1, exitCode);
        Assert.Contains("'smart-home'", error, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
