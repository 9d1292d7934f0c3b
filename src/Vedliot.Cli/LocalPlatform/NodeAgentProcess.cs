using System.Diagnostics;
using System.Globalization;
using Vedliot.Runtime;

namespace Vedliot.Cli.LocalPlatform;

/// <summary>A node agent (<c>Vedliot.Node</c>) running as a process of its own on this machine.</summary>
internal static class NodeAgentProcess
{
    /// <summary>The node agent's assembly, built beside this command (the CLI project references it).</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Vedliot.Node.dll");

    /// <summary>What a node agent process is started with.</summary>
    /// <param name="NodeId">Its node id, also its broker user name.</param>
    /// <param name="Password">Its broker password (passed in the environment, never on the command line).</param>
    /// <param name="Broker">HOST:PORT of the broker.</param>
    /// <param name="PlatformPath">The platform descriptor whose module it emulates.</param>
    /// <param name="ModuleId">The module of the descriptor it drives.</param>
    /// <param name="Tpm">Its TPM, e.g. <c>127.0.0.1:2321</c> for a TPM simulator.</param>
    /// <param name="StateDirectory">Where it keeps its attestation key.</param>
    public sealed record Launch(string NodeId, string Password, string Broker, string PlatformPath, string ModuleId, string Tpm, string StateDirectory);

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
                "--platform", launch.PlatformPath,
                "--module", launch.ModuleId,
                "--tpm", launch.Tpm,
                "--state", launch.StateDirectory,
            },
        };
        start.Environment["VEDLIOT_NODE_PASSWORD"] = launch.Password;
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
