using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Attestation.Enrollment;
using Vedliot.Cli.Running;
using Vedliot.Hosting.Node;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Deployment;

/// <summary>What a deployment needs besides the broker: the manifest, who vouches for TPMs and agents, where enrollments live.</summary>
internal sealed record DeploymentSettings
{
    public required DeployManifest Manifest { get; init; }

    /// <summary>CA certificates that nodes' EK certificates chain to.</summary>
    public required IReadOnlyList<X509Certificate2> EndorsementCas { get; init; }

    /// <summary>Digests of the node agent builds allowed to run (hex SHA-256).</summary>
    public required IReadOnlySet<string> AgentDigests { get; init; }

    /// <summary>Where node enrollments are kept.</summary>
    public required string EnrollmentDirectory { get; init; }

    /// <summary>The repository's (or installation's) .deps folder, where npm: model references resolve.</summary>
    public required string DependenciesDirectory { get; init; }

    /// <summary>Nodes to wait for; empty means the manifest's platform descriptor's modules (or whoever announces, with <c>discover</c>).</summary>
    public IReadOnlySet<string> ExpectedNodes { get; init; } = new HashSet<string>();

    public TimeSpan ReattestationInterval { get; init; } = TimeSpan.FromSeconds(30);

    public ProfilerOptions Profiler { get; init; } = new();
}

/// <summary>Builds the orchestrator for a manifest: its planner (profiling on this machine), enrollment store and options.</summary>
internal static class DeploymentSession
{
    /// <summary>
    /// The SHA-256 (hex) that node agents started from this build measure at start (<see cref="AgentIdentity"/>), and
    /// nodes built from the same sources elsewhere.
    /// </summary>
    public static async Task<string> LocalAgentDigestAsync(CancellationToken cancellationToken = default) =>
        (await AgentIdentity.OfThisAgentAsync(cancellationToken).ConfigureAwait(false)).Digest;

    public static Orchestrator Create(MqttClient client, DeploymentSettings settings, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        var manifest = settings.Manifest;
        var platform = manifest.PlatformDescriptor is { } descriptor ? PlatformDescriptor.Load(descriptor) : null;
        var options = new OrchestratorOptions
        {
            ExpectedNodes = settings.ExpectedNodes.Count > 0 || platform is null
                ? settings.ExpectedNodes
                : platform.Modules.Select(m => m.Id).ToHashSet(StringComparer.Ordinal),
            AllowedAgentDigests = settings.AgentDigests,
            DependenciesDirectory = settings.DependenciesDirectory,
            ReattestationInterval = settings.ReattestationInterval,
        };
        foreach (var ca in settings.EndorsementCas)
        {
            options.Enrollment.TrustedRoots.Add(ca);
            options.Enrollment.Intermediates.Add(ca);
        }

        var planner = new PipelinePlanner(new PipelineProfiler(LocalHost.Discover(), new OnnxRuntimeOptions { IntraOpThreads = 1 }, settings.Profiler), new OnnxTypeResolver());
        return new Orchestrator(client, manifest, platform, planner, new FileEnrollmentStore(settings.EnrollmentDirectory), options, timeProvider, loggers.CreateLogger<Orchestrator>());
    }
}
