using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Cli.Running;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Deployment;

/// <summary>
/// Profiles a pipeline's model for the orchestrator as <c>vedliot profile</c> does (cached on disk).
/// Modules present on this machine are measured here; emulated ones are modelled from their descriptor
/// parameters.
/// </summary>
internal sealed class PipelineProfiler(LocalHost host, OnnxRuntimeOptions runtime, ProfilerOptions options) : IModelProfiler
{
    public ProfileTable Profile(ModelGraph graph, IReadOnlyDictionary<string, long> dimensions, IReadOnlyList<Module> modules)
    {
        var request = new ProfileRequest { ModelPath = graph.Source, Dimensions = dimensions, Runtime = runtime, Profiler = options };
        return ModelProfile.Profile(graph, modules, host, request, progress: null).Table;
    }
}
