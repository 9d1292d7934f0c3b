using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Running;

/// <summary>What <c>vedliot profile</c> was asked to do.</summary>
internal sealed record ProfileRequest
{
    public required string ModelPath { get; init; }

    public string? PlatformPath { get; init; }

    public IReadOnlyList<(string? Name, string Path)> Inputs { get; init; } = [];

    public IReadOnlyDictionary<string, long> Dimensions { get; init; } = new Dictionary<string, long>();

    public int Seed { get; init; } = 42;

    public OnnxRuntimeOptions Runtime { get; init; } = new();

    public ProfilerOptions Profiler { get; init; } = new();

    /// <summary>Profile only the descriptor's modules, not this machine's (the platform is where the model will run).</summary>
    public bool PlatformModulesOnly { get; init; }
}

/// <summary>A profile with the modules it covers and the inputs it was made with.</summary>
internal sealed record ProfileReport(ProfileTable Table, IReadOnlyList<Module> Modules, IReadOnlyList<InputReport> Inputs, Inventory Inventory);

/// <summary>
/// Profiles a model on this machine's modules and a platform descriptor's: chooses candidate cuts,
/// splits the model there, and measures (or, for emulated modules, models) every block on every module.
/// </summary>
internal static class ModelProfile
{
    public static ProfileReport Execute(ProfileRequest request, IProgress<ProfilerProgress>? progress)
    {
        var graph = ModelGraph.Load(request.ModelPath);
        var platform = request.PlatformPath is { } path ? PlatformDescriptor.Load(path) : null;
        var host = LocalHost.Discover();
        var inventory = InventoryBuilder.Build(host.Devices, platform);
        var modules = request.PlatformModulesOnly && platform is not null
            ? inventory.Modules.Where(m => platform.Modules.Any(p => p.Id == m.Id)).ToList()
            : inventory.Modules.ToList();
        var (table, inputReports) = Profile(graph, modules, host, request, progress);
        return new ProfileReport(table, modules, inputReports, inventory);
    }

    /// <summary>
    /// Chooses candidate cuts, splits the model there, and measures (or, for emulated modules, models) every
    /// block on every module of <paramref name="modules"/>; this machine's CPU makes each block's inputs.
    /// </summary>
    public static (ProfileTable Table, List<InputReport> Inputs) Profile(ModelGraph graph, IReadOnlyList<Module> modules, LocalHost host, ProfileRequest request, IProgress<ProfilerProgress>? progress)
    {
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            List<InputReport> inputReports;
            using (var whole = PartitionChain.CreateWhole(graph, request.Runtime))
            {
                inputReports = ModelInputs.Load(graph, whole.InputMetadata, request.Inputs, request.Dimensions, request.Seed, inputs);
            }

            var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, request.Runtime);
            var cuts = CandidateCuts.Choose(graph, request.Profiler.CandidateCuts, cut => cut.Crossing.Sum(t => sizes[t.Name]));
            var blocks = new ModelPartitioner(graph, new OnnxTypeResolver())
                .Split(PartitionPlan.AtPositions(graph, cuts, "candidate cuts: the narrowest cut around each of equal windows"));
            IAccelerator Accelerator(Module m) => AcceleratorFactory.Create(m, request.Runtime, m.Presence == Presence.Present && m.Kind == ModuleKind.Cpu ? host.CpuMeter : null);
            var accelerators = modules.Select(Accelerator).ToList();

            // Without a CPU found here, an emulation of the first module computes the block inputs on the CPU all the same.
            var reference = host.Cpu is { } cpu ? Accelerator(cpu) : AcceleratorFactory.Create(modules[0] with { Presence = Presence.Emulated }, request.Runtime);
            var table = new Profiler(request.Profiler).Profile(blocks, inputs, accelerators, reference, $"onnxruntime {OnnxRuntimeBuild.NativeLibraryVersion()}", progress);
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
