using Vedliot.Attestation.Enrollment;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>Options of the <see cref="Orchestrator"/>.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>The topic tree shared with the node agents. Default root <c>vedliot</c>.</summary>
    public DeploymentTopics Topics { get; set; } = new();

    /// <summary>
    /// Nodes to wait for before placing (e.g. one per module of the platform descriptor). Empty: place on
    /// whichever nodes have announced themselves once <see cref="DiscoveryQuietPeriod"/> passes without a new one.
    /// </summary>
    public IReadOnlySet<string> ExpectedNodes { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Longest wait for the expected nodes (or for the first node). Default 60 s.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Without expected nodes, how long no new announcement must arrive before discovery ends. Default 3 s.</summary>
    public TimeSpan DiscoveryQuietPeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for a node's reply to a command (enrollment, quote, stage load: a node takes up to a minute to fetch a partition). Default 120 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How often every node is attested again; a node that does not answer within half of it is untrusted. Default 30 s.</summary>
    public TimeSpan ReattestationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the status is published (retained) and raised. Default 1 s.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Enrollment: the CA certificates that nodes' EK certificates must chain to. Required.</summary>
    public EnrollmentOptions Enrollment { get; set; } = new();

    /// <summary>
    /// SHA-256 digests (hex) of the files of the node agent builds allowed to run: nodes measure every file their
    /// build executes at start (assemblies, native libraries, execution providers, plugins), and each digest here is
    /// a golden value for any of those types (<see cref="Vedliot.Attestation.Measurement.ArtefactTypes.AgentBuild"/>).
    /// Required.
    /// </summary>
    public IReadOnlySet<string> AllowedAgentDigests { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The link assumed between two nodes that the platform descriptor does not join (nodes found by
    /// discovery talk through the broker). Default: 1 Gbit/s Ethernet, 0.5 ms (an assumption, not a measurement).
    /// </summary>
    public Link DefaultLink { get; set; } = new("*", "*", "ethernet via MQTT broker (assumed)", 125e6, 0.5);

    /// <summary>Where <c>npm:</c> model references of manifests resolve (the bootstrap's <c>.deps</c> folder). Default <c>.deps</c> under the working directory.</summary>
    public string DependenciesDirectory { get; set; } = Path.GetFullPath(".deps");

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range or missing.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Topics);
        Enrollment.Validate();
        if (AllowedAgentDigests.Count == 0)
        {
            throw new InvalidOperationException("OrchestratorOptions.AllowedAgentDigests must name at least one node agent build.");
        }

        foreach (var (name, value) in new[] { (nameof(DiscoveryTimeout), DiscoveryTimeout), (nameof(DiscoveryQuietPeriod), DiscoveryQuietPeriod), (nameof(CommandTimeout), CommandTimeout), (nameof(ReattestationInterval), ReattestationInterval), (nameof(StatusInterval), StatusInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"OrchestratorOptions.{name} must be positive.");
            }
        }
    }
}
