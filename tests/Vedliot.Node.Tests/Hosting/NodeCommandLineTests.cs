using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vedliot.Node.Hosting;
using Vedliot.Testing;

namespace Vedliot.Node.Tests.Hosting;

public sealed class NodeCommandLineTests : IDisposable
{
    // How long the executable may take to exit (never a pause: the wait ends when it exits).
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await NodeCommandLine.RunAsync(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the real executable: <c>dotnet Vedliot.Node.dll ...</c>.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunExecutableAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vedliot.Node.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task The_executable_reports_a_bad_option_in_one_line_with_exit_code_2()
    {
        var (exitCode, output, error) = await RunExecutableAsync("--node-id", "../escape");

        Assert.Equal(NodeCommandLine.UsageExitCode, exitCode);
        Assert.Equal("vedliot-node: error: --node-id '../escape': not a valid node id (1-128 letters, digits, '-', '_' and '.', not starting with '.')", error.TrimEnd());
        Assert.Empty(output);
    }

    [Fact]
    public async Task The_executable_reports_an_unreachable_broker_in_one_line_with_exit_code_1()
    {
        var port = ClosedPort();
        var (exitCode, _, error) = await RunExecutableAsync("--node-id", "lonely", "--broker", $"127.0.0.1:{port}", "--state", _directory.File("state"), "--platform", Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"), "--module", "xeon-d");

        Assert.Equal(NodeCommandLine.FailureExitCode, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"vedliot-node: error: broker 127.0.0.1:{port}: cannot connect:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_takes_an_ipv6_broker_address_in_brackets()
    {
        var (exitCode, _, error) = await RunExecutableAsync("--node-id", "lonely", "--broker", $"[::1]:{ClosedPort()}", "--state", _directory.File("state"), "--platform", Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"), "--module", "xeon-d");

        Assert.Equal(NodeCommandLine.FailureExitCode, exitCode);
        Assert.StartsWith("vedliot-node: error: broker [::1]:", error, StringComparison.Ordinal);
        Assert.Contains(": cannot connect:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Option '--node-id' is required.")]
    [InlineData(new[] { "--node-id", "n1", "--broker", "localhost" }, "--broker 'localhost': expected HOST:PORT, e.g. 127.0.0.1:1883")]
    [InlineData(new[] { "--node-id", "n1", "--broker", "localhost:70000" }, "--broker 'localhost:70000': expected HOST:PORT")]
    [InlineData(new[] { "--node-id", "n1", "--threads", "0" }, "--threads 0: must be at least 1")]
    [InlineData(new[] { "--node-id", "n1", "--health-interval", "soon" }, "--health-interval 'soon': expected a duration")]
    [InlineData(new[] { "--node-id", "n1", "--topic-root", "a/#" }, "--topic-root 'a/#'")]
    [InlineData(new[] { "--node-id", "n1", "--broker", "::1:1883" }, "--broker '::1:1883': expected HOST:PORT with an IPv6 address in brackets, e.g. [::1]:1883")]
    [InlineData(new[] { "--node-id", "n1", "--broker-ca", "ca.pem" }, "--broker-ca, --client-cert and --client-key need --tls")]
    [InlineData(new[] { "--node-id", "n1", "--tls", "--broker-ca", "/nonexistent/ca.pem" }, "--broker-ca '/nonexistent/ca.pem': CA certificate not found")]
    [InlineData(new[] { "--node-id", "n1", "--tls", "--client-cert", "c.pem" }, "--client-cert and --client-key go together")]
    [InlineData(new[] { "--node-id", "n1", "--platform", "p.yaml" }, "--platform needs --module")]
    [InlineData(new[] { "--node-id", "n1", "--password-file", "/nonexistent/password" }, "--password-file '/nonexistent/password': password file not found")]
    [InlineData(new[] { "--node-id", "n1", "--platform", "/nonexistent/p.yaml", "--module", "m" }, "--platform '/nonexistent/p.yaml': platform descriptor not found")]
    [InlineData(new[] { "--node-id", "n1", "--tpm-ca", "/nonexistent/ca.pem" }, "--tpm-ca '/nonexistent/ca.pem': CA certificate not found")]
    [InlineData(new[] { "--node-id", "n1", "--bogus" }, "--bogus")]
    public async Task A_bad_argument_is_one_line_naming_the_option_and_exit_code_2(string[] args, string message)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(NodeCommandLine.UsageExitCode, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vedliot-node: error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_that_is_not_in_the_descriptor_is_a_usage_error_listing_those_that_are()
    {
        var (exitCode, _, error) = await RunAsync("--node-id", "n1", "--state", _directory.File("state"), "--platform", Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"), "--module", "quantum");

        Assert.Equal(NodeCommandLine.UsageExitCode, exitCode);
        Assert.Contains("--module 'quantum' is not a module of platform 'recs-box-vedliot'", error, StringComparison.Ordinal);
        Assert.Contains("xeon-d", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--broker", "--username", "--password-file", "--tls", "--broker-ca", "--client-cert", "--client-key", "--node-id", "--platform", "--module", "--tpm", "--tpm-ca", "--state", "--topic-root", "--health-interval", "--threads" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
