using Microsoft.Extensions.Logging;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Attestation.Enrollment;
using Vedliot.Hosting.Node;
using Vedliot.Hosting.Profiling;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Platform.Descriptors;

namespace Vedliot.Hosting.Deployment;

/// <summary>Builds the orchestrator for a manifest: its planner (profiling on this machine), enrollment store and options.</summary>
public static class DeploymentSession
{
    /// <summary>
    /// The SHA-256 digests (hex) of every file that node agents started from this build measure at start
    /// (<see cref="AgentBuild"/>: the same scan the agent makes), which also fit nodes built identically elsewhere.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the scan (made once per process).</param>
    /// <returns>The digests, lower-case hex.</returns>
    /// <exception cref="Vedliot.Runtime.VedliotException">A file of the build cannot be read.</exception>
    public static async Task<IReadOnlySet<string>> LocalAgentDigestsAsync(CancellationToken cancellationToken = default) =>
        (await AgentBuild.OfThisAgentAsync(cancellationToken).ConfigureAwait(false)).Digests;

    /// <summary>The orchestrator of <paramref name="settings"/>' manifest; start it with <see cref="Orchestrator.StartAsync"/>.</summary>
    /// <param name="client">Its connected broker client; not owned.</param>
    /// <param name="settings">What the deployment needs.</param>
    /// <param name="timeProvider">Its clock.</param>
    /// <param name="loggers">Makes its logger.</param>
    /// <returns>The orchestrator; dispose it when done.</returns>
    /// <exception cref="Vedliot.Runtime.VedliotException">The manifest's platform descriptor cannot be read.</exception>
    public static Orchestrator Create(MqttClient client, DeploymentSettings settings, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
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

        var profiler = new PipelineProfiler(LocalHost.Discover(), new OnnxRuntimeOptions { IntraOpThreads = 1 }, settings.Profiler);
        var planner = new PipelinePlanner(profiler, new OnnxTypeResolver(), profiler);
        return new Orchestrator(client, manifest, platform, planner, new FileEnrollmentStore(settings.EnrollmentDirectory), options, timeProvider, loggers.CreateLogger<Orchestrator>());
    }
}
