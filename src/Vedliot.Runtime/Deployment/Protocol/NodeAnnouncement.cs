using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>Whether a node agent is running.</summary>
public enum NodeState
{
    /// <summary>Connected and serving.</summary>
    Online,

    /// <summary>Gone: shut down, or lost (its will message).</summary>
    Offline,
}

/// <summary>What a node agent tells everyone about itself, retained on its announcement topic.</summary>
/// <param name="NodeId">The node's id (also its broker user name where per-node credentials are used).</param>
/// <param name="State">Online, or offline (the will message, or a clean shutdown).</param>
/// <param name="Module">The module it drives, as probed or taken from a platform descriptor (then <see cref="Presence.Emulated"/>).</param>
/// <param name="AgentVersion">The node agent's version.</param>
/// <param name="AgentDigest">SHA-256 (hex) of the node agent's assembly, as measured into its TPM at start.</param>
/// <param name="Tpm">What its TPM is, e.g. <c>/dev/tpmrm0</c> or <c>TPM simulator at 127.0.0.1:2321</c>.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="Stages">Keys of the stages it holds.</param>
public sealed record NodeAnnouncement(
    string NodeId,
    NodeState State,
    Module? Module,
    string AgentVersion,
    string AgentDigest,
    string Tpm,
    string Host,
    IReadOnlyList<string> Stages);
