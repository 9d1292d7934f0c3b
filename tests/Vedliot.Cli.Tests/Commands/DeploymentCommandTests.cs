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
    public void Demo_names_the_use_cases_it_finds_in_the_repository()
    {
        var (exitCode, _, error) = CliRunner.Run("demo", "factory-floor");

        Assert.Equal(1, exitCode);
        Assert.Contains("demo 'factory-floor': no such use case or folder; the use cases in ", error, StringComparison.Ordinal);
        Assert.Contains("'smart-home'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_takes_a_use_case_folder_and_its_app_s_arguments_before_anything_starts()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "usecases", "smart-home");

        var (exitCode, output, error) = CliRunner.Run("demo", folder, "--say", "good morning", "--kill", "no-such-node");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("vedliot: error: --kill 'no-such-node': no such node; nodes are ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_of_a_folder_whose_manifest_names_no_app_says_so()
    {
        using var directory = new TempDirectory();
        var manifest = WriteManifest(directory, app: null);

        var (exitCode, output, error) = CliRunner.Run("demo", directory.Path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"vedliot: error: {manifest}: no 'app' field; the demo runs the app it names", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No.Such.App", "app 'No.Such.App': no such assembly beside vedliot in ")]
    [InlineData("Vedliot.Runtime", "app 'Vedliot.Runtime': the assembly has no [assembly: UseCaseApp(typeof(...))] naming its app")]
    public void Demo_names_an_app_it_cannot_find_or_use(string app, string message)
    {
        using var directory = new TempDirectory();
        var manifest = WriteManifest(directory, app);

        var (exitCode, _, error) = CliRunner.Run("demo", directory.Path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"vedliot: error: {manifest}: {message}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_refuses_to_grant_an_app_topics_that_share_no_prefix_of_their_own()
    {
        using var directory = new TempDirectory();
        var manifest = WriteManifest(directory, "Vedliot.UseCases.SmartHome", input: "vedliot/in", output: "vedliot/out");

        var (exitCode, _, error) = CliRunner.Run("demo", directory.Path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"vedliot: error: {manifest}: the demo lets the app use the topics its pipelines' topics share, and they share only 'vedliot/#'", error, StringComparison.Ordinal);
    }

    private static string WriteManifest(TempDirectory directory, string? app, string input = "x/in", string output = "x/out")
    {
        var manifest = directory.File("deploy.yaml");
        File.WriteAllText(manifest, $"usecase: x\n{(app is null ? string.Empty : $"app: {app}\n")}platform: discover\npipelines:\n  - name: p\n    model: m.onnx\n    input_topic: {input}\n    output_topic: {output}\n");
        return manifest;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
