using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.IntegrationTests.Profiling;

public sealed class ProfilerTests : IDisposable
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private static (PartitionedModel Blocks, ModelPartition Whole, OrtValue Input) Embedding()
    {
        var graph = ModelGraph.Load(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
        var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, [20, 45]));
        var whole = partitioner.Split(PartitionPlan.AtPositions(graph, [])).Partitions[0];
        var values = Enumerable.Range(0, 76 * 32).Select(i => MathF.Sin(i * 0.1f)).ToArray();
        return (blocks, whole, OrtValue.CreateTensorValueFromMemory(values, [1, 76, 32, 1]));
    }

    private ProfilerOptions ProfilerOptions => new() { WarmupRuns = 1, MinimumRuns = 3, MaximumRuns = 12, CacheDirectory = _cache.Path };

    [Fact]
    public void Every_block_is_profiled_on_every_module_with_the_source_of_each_figure()
    {
        var (blocks, whole, input) = Embedding();
        using var _ = input;
        var cpu = AcceleratorFactory.Create(TestModules.LocalCpu(), Options);
        var npu = AcceleratorFactory.Create(TestModules.Emulated("npu", new HashSet<string> { "Conv", "LeakyRelu", "Max", "MaxPool" }), Options);

        var table = new Profiler(ProfilerOptions).Profile(blocks, whole, new Dictionary<string, OrtValue> { ["input_1"] = input }, [cpu, npu], cpu, "test");

        Assert.Equal(3 * 2, table.Entries.Count);
        Assert.Equal([20, 45], table.CandidateCuts);
        Assert.All(table.CrossingBytes, bytes => Assert.True(bytes > 0));
        var measured = table.Entry(1, "cpu");
        Assert.True(measured.Supported);
        Assert.Equal(FigureSource.Measured, measured.LatencySource);
        Assert.Equal(FigureSource.Modelled, measured.EnergySource);
        Assert.InRange(measured.Runs, 3, 12);
        Assert.True(measured.LatencyP50Ms <= measured.LatencyP95Ms && measured.LatencyP95Ms <= measured.LatencyP99Ms);
        var modelled = table.Entry(1, "npu");
        Assert.Equal(FigureSource.Modelled, modelled.LatencySource);
        Assert.Equal(3, modelled.Runs);
        var refused = table.Entry(2, "npu");
        Assert.False(refused.Supported);
        Assert.Contains("Reshape", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_profile_of_the_same_model_and_modules_comes_from_the_cache()
    {
        var (blocks, whole, input) = Embedding();
        using var _ = input;
        var cpu = AcceleratorFactory.Create(TestModules.LocalCpu(), Options);
        var inputs = new Dictionary<string, OrtValue> { ["input_1"] = input };
        var profiler = new Profiler(ProfilerOptions);

        var first = profiler.Profile(blocks, whole, inputs, [cpu], cpu, "test");
        var second = profiler.Profile(blocks, whole, inputs, [cpu], cpu, "test");

        // Measured latencies never repeat to the last digit, so equal figures prove the cache was read.
        Assert.Equal(first.Entries.Select(e => e.LatencyP50Ms), second.Entries.Select(e => e.LatencyP50Ms));
        Assert.Single(Directory.GetFiles(_cache.Path, "*.json"));
    }

    [Fact]
    public void A_changed_module_or_backend_version_is_profiled_afresh()
    {
        var (blocks, whole, input) = Embedding();
        using var _ = input;
        var inputs = new Dictionary<string, OrtValue> { ["input_1"] = input };
        var profiler = new Profiler(ProfilerOptions);
        var quick = AcceleratorFactory.Create(TestModules.Emulated(), Options);
        var slower = AcceleratorFactory.Create(TestModules.Emulated() with { CallOverheadMs = 5 }, Options);

        var a = profiler.Profile(blocks, whole, inputs, [quick], quick, "test");
        var b = profiler.Profile(blocks, whole, inputs, [slower], slower, "test");
        profiler.Profile(blocks, whole, inputs, [quick], quick, "other version");

        Assert.True(b.Entry(0, "npu").LatencyP50Ms > a.Entry(0, "npu").LatencyP50Ms);
        Assert.Equal(3, Directory.GetFiles(_cache.Path, "*.json").Length);
    }
}
