using System.Security.Cryptography.X509Certificates;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Deployment;

/// <summary>What a deployment needs besides the broker: the manifest, who vouches for TPMs and agents, where enrollments live.</summary>
public sealed record DeploymentSettings
{
    /// <summary>The use case's deploy manifest. Required.</summary>
    public required DeployManifest Manifest { get; init; }

    /// <summary>CA certificates that nodes' EK certificates chain to. Required.</summary>
    public required IReadOnlyList<X509Certificate2> EndorsementCas { get; init; }

    /// <summary>Digests of the files of the node agent builds allowed to run (hex SHA-256, see <see cref="DeploymentSession.LocalAgentDigestsAsync"/>). Required.</summary>
    public required IReadOnlySet<string> AgentDigests { get; init; }

    /// <summary>Where node enrollments are kept. Required.</summary>
    public required string EnrollmentDirectory { get; init; }

    /// <summary>The repository's (or installation's) .deps folder, where npm: model references resolve. Required.</summary>
    public required string DependenciesDirectory { get; init; }

    /// <summary>Nodes to wait for; empty means the manifest's platform descriptor's modules (or whoever announces, with <c>discover</c>). Default: empty.</summary>
    public IReadOnlySet<string> ExpectedNodes { get; init; } = new HashSet<string>();

    /// <summary>How often every node is attested again. Default: 30 s.</summary>
    public TimeSpan ReattestationInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How pipelines' models are profiled on this machine. Default: its defaults (cached).</summary>
    public ProfilerOptions Profiler { get; init; } = new();
}
