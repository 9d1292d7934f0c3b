using System.Diagnostics;
using System.Globalization;
using Vedliot.Hosting.Broker;
using Vedliot.Runtime;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>A node agent (<c>Vedliot.Node</c>) running as a process of its own on this machine.</summary>
internal static class NodeAgentProcess
{
    /// <summary>
    /// The node agent's assembly, beside this program: the projects that start local deployments (the CLI, the
    /// integration tests, the deployment benchmark) reference Vedliot.Node for it without compiling against it.
    /// </summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Vedliot.Node.dll");

    /// <summary>What a node agent process is started with.</summary>
    /// <param name="NodeId">Its node id, also its broker user name.</param>
    /// <param name="Password">Its broker password (passed in the environment, never on the command line).</param>
    /// <param name="Broker">HOST:PORT of the broker.</param>
    /// <param name="BrokerCa">The CA certificate the broker's TLS certificate chains to.</param>
    /// <param name="PlatformPath">The platform descriptor whose module it emulates, or null to drive this machine's CPU.</param>
    /// <param name="ModuleId">The module of the descriptor it drives, or null.</param>
    /// <param name="Tpm">Its TPM, e.g. <c>127.0.0.1:2321</c> for a TPM simulator.</param>
    /// <param name="StateDirectory">Where it keeps its attestation key.</param>
    public sealed record Launch(string NodeId, string Password, string Broker, string BrokerCa, string? PlatformPath, string? ModuleId, string Tpm, string StateDirectory);

    /// <summary>Starts the agent and waits until it has announced itself.</summary>
    public static Task<ChildProcess> StartAsync(Launch launch, Action<string>? onLine, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new VedliotException($"{AssemblyPath}: the node agent is not beside the vedliot command; rebuild the solution");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                AssemblyPath,
                "--node-id", launch.NodeId,
                "--username", launch.NodeId,
                "--broker", launch.Broker,
                "--tls",
                "--broker-ca", launch.BrokerCa,
                "--tpm", launch.Tpm,
                "--state", launch.StateDirectory,
            },
        };
        if (launch.PlatformPath is not null && launch.ModuleId is not null)
        {
            start.ArgumentList.Add("--platform");
            start.ArgumentList.Add(launch.PlatformPath);
            start.ArgumentList.Add("--module");
            start.ArgumentList.Add(launch.ModuleId);
        }

        start.Environment[BrokerCommandLine.PasswordVariable] = launch.Password;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return ChildProcess.StartAsync(
            string.Create(CultureInfo.InvariantCulture, $"node agent '{launch.NodeId}'"),
            start,
            line => line.Contains("announced", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(60),
            onLine,
            cancellationToken);
    }
}
