using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Hosting.Exposure;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Profiling;

/// <summary>
/// Profiles a pipeline's model for the orchestrator as <c>vedliot profile</c> does (cached on disk).
/// Modules present on this machine are measured here; emulated ones are modelled from their descriptor
/// parameters.
/// </summary>
/// <param name="host">This machine, as its probes found it.</param>
/// <param name="runtime">ONNX Runtime options of the accelerators.</param>
/// <param name="options">How blocks are chosen and measured, and where profiles are cached.</param>
public sealed class PipelineProfiler(LocalHost host, OnnxRuntimeOptions runtime, ProfilerOptions options) : IModelProfiler, IExposureMeter
{
    /// <inheritdoc />
    public Task<ExposureProfile> MeasureAsync(ModelGraph graph, IReadOnlyList<int> candidateCuts, IReadOnlyDictionary<string, long> dimensions, CancellationToken cancellationToken = default) =>
        Task.Run(() => ModelExposure.Measure(graph, candidateCuts, dimensions, runtime, new ExposureOptions(), options.CacheDirectory, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<ProfileTable> ProfileAsync(ModelGraph graph, IReadOnlyDictionary<string, long> dimensions, IReadOnlyList<Module> modules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var request = new ProfileRequest { ModelPath = graph.Source, Dimensions = dimensions, Runtime = runtime, Profiler = options };
        return ModelProfile.ProfileAsync(graph, modules, host, request, cancellationToken);
    }
}
