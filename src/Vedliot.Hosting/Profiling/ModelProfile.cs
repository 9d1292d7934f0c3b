using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Hosting.Exposure;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Profiling;

/// <summary>
/// Profiles a model on this machine's modules and a platform descriptor's: chooses candidate cuts,
/// splits the model there, and measures (or, for emulated modules, models) every block on one module of each
/// class of identical modules, whose figures every member shares.
/// Profiling is CPU-bound: it runs on the thread pool, and cancellation is observed between blocks and modules.
/// </summary>
public static class ModelProfile
{
    /// <summary>Profiles <see cref="ProfileRequest.ModelPath"/> on the modules the request names.</summary>
    /// <param name="request">What to profile.</param>
    /// <param name="progress">Told after each (block, module) pair, or null.</param>
    /// <param name="cancellationToken">Stops profiling between blocks and modules.</param>
    /// <returns>The profile, its modules and inputs.</returns>
    /// <exception cref="Vedliot.Runtime.VedliotException">The model, the descriptor or an input cannot be used.</exception>
    public static Task<ProfileReport> ExecuteAsync(ProfileRequest request, IProgress<ProfilerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.Run(
            () =>
            {
                var graph = ModelGraph.Load(request.ModelPath);
                var platform = request.PlatformPath is { } path ? PlatformDescriptor.Load(path) : null;
                var host = LocalHost.Discover();
                var inventory = InventoryBuilder.Build(host.Devices, platform);
                var modules = request.PlatformModulesOnly && platform is not null
                    ? inventory.Modules.Where(m => platform.Modules.Any(p => p.Id == m.Id)).ToList()
                    : inventory.Modules.ToList();
                var (table, inputReports) = Profile(graph, modules, host, request, progress, cancellationToken);
                var report = new ProfileReport(table, modules, inputReports, inventory);
                return request.Exposure is { } exposure ? WithExposure(report, graph, request, exposure, cancellationToken) : report;
            },
            cancellationToken);
    }

    private static ProfileReport WithExposure(ProfileReport report, ModelGraph graph, ProfileRequest request, ExposureOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return report with { Exposure = ModelExposure.Measure(graph, report.Table.CandidateCuts, request.Dimensions, request.Runtime, options, request.Profiler.CacheDirectory, cancellationToken) };
        }
        catch (ExposureUnavailableException e)
        {
            return report with { ExposureNotMeasured = e.Message };
        }
    }

    /// <summary>Profiles <paramref name="graph"/> on <paramref name="modules"/> for the orchestrator (<see cref="PipelineProfiler"/>).</summary>
    internal static Task<ProfileTable> ProfileAsync(ModelGraph graph, IReadOnlyList<Module> modules, LocalHost host, ProfileRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Profile(graph, modules, host, request, progress: null, cancellationToken).Table, cancellationToken);

    /// <summary>
    /// Chooses candidate cuts, splits the model there, and measures (or, for emulated modules, models) every
    /// block on every module of <paramref name="modules"/>; this machine's CPU makes each block's inputs.
    /// </summary>
    private static (ProfileTable Table, IReadOnlyList<InputReport> Inputs) Profile(ModelGraph graph, IReadOnlyList<Module> modules, LocalHost host, ProfileRequest request, IProgress<ProfilerProgress>? progress, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            IReadOnlyList<InputReport> inputReports;
            using (var whole = PartitionChain.CreateWhole(graph, request.Runtime))
            {
                inputReports = ModelInputs.Load(graph, whole.InputMetadata, request.Inputs, request.Dimensions, request.Seed, inputs);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, request.Runtime);
            var cuts = CandidateCuts.Choose(graph, request.Profiler.CandidateCuts, cut => cut.Crossing.Sum(t => sizes[t.Name]));
            var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
            var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, cuts, "candidate cuts: the narrowest cut around each of equal windows"));
            var wholeModel = partitioner.Split(PartitionPlan.AtPositions(graph, [], "the whole model, for the fixed cost per stage")).Partitions[0];
            IAccelerator Accelerator(Module m) => AcceleratorFactory.Create(m, request.Runtime, m.Presence == Presence.Present && m.Kind == ModuleKind.Cpu ? host.CpuMeter : null);
            // Identical modules are profiled once, on the first of them.
            var classes = ModuleClasses.Group(modules);
            var accelerators = classes.Select(c => Accelerator(c[0])).ToList();

            // Without a CPU found here, an emulation of the first module computes the block inputs on the CPU all the same.
            var reference = host.Cpu is { } cpu ? Accelerator(cpu) : AcceleratorFactory.Create(modules[0] with { Presence = Presence.Emulated }, request.Runtime);
            var table = ClassProfiles.ForMembers(new Profiler(request.Profiler).Profile(blocks, wholeModel, inputs, accelerators, reference, $"onnxruntime {OnnxRuntimeBuild.NativeLibraryVersion()}", progress, cancellationToken), classes);
            return (table, inputReports);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
