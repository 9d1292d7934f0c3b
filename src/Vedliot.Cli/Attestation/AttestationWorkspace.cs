using Vedliot.Attestation.Enrollment;

namespace Vedliot.Cli.Attestation;

/// <summary>
/// Where <c>vedliot attest</c> keeps its state: the verifier's enrollment records, each node's wrapped
/// attestation key and last result, and the emulated TPM. Default:
/// <c>$XDG_STATE_HOME/vedliot/attest</c> (or <c>~/.local/state/vedliot/attest</c>).
/// </summary>
internal sealed class AttestationWorkspace(string root)
{
    public string Root { get; } = root;

    public string EmulatedTpmDirectory => Path.Combine(Root, "tpm");

    public FileEnrollmentStore Enrollments => new(Path.Combine(Root, "enrollments"));

    public string NodesDirectory => Path.Combine(Root, "nodes");

    public static string DefaultRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var state = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state") : xdg;
        return Path.Combine(state, "vedliot", "attest");
    }

    public string NodeDirectory(string nodeId)
    {
        var directory = Path.Combine(NodesDirectory, nodeId);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public string AttestationKeyPath(string nodeId) => Path.Combine(NodeDirectory(nodeId), "ak.blob");

    public string LastResultPath(string nodeId) => Path.Combine(NodeDirectory(nodeId), "last-result.json");
}
