using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing.Runtime;

namespace Vedliot.IntegrationTests.Profiling;

/// <summary>
/// For an emulated module the placement's prediction must be the device model's own figure: every way of
/// cutting the profiled blocks into stages is predicted from the profile, then each stage's partition is cut
/// from the model and run on the emulated module, and the two agree to the 100 ns tick the device model reports in.
/// </summary>
public sealed class EmulatedPredictionTests
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };
    private static readonly int[] CandidateCuts = [10, 20, 45];

    [Fact]
    public void Every_split_of_the_blocks_into_stages_is_predicted_as_the_device_model_runs_it()
    {
        var graph = ModelGraph.Load(Vedliot.Testing.RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
        var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, CandidateCuts));
        var whole = partitioner.Split(PartitionPlan.AtPositions(graph, [])).Partitions[0];
        var module = TestModules.Emulated() with { CallOverheadMs = 0.75 };
        var accelerator = AcceleratorFactory.Create(module, Options);
        var values = Enumerable.Range(0, 76 * 32).Select(i => MathF.Sin(i * 0.1f)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(values, [1, 76, 32, 1]);
        var inputs = new Dictionary<string, OrtValue> { ["input_1"] = input };
        var table = new Profiler(new ProfilerOptions { WarmupRuns = 0, MinimumRuns = 1, MaximumRuns = 3, CacheDirectory = null })
            .Profile(blocks, whole, inputs, [accelerator], accelerator, "test");
        Assert.Equal(OverheadSource.BlocksMinusWhole, table.StageOverheads.Single().Source);
        Assert.Equal(module.CallOverheadMs, table.StageOverheads.Single().Overhead.LatencyMs, 1e-3);
        var problem = PlacementProblems.FromProfile(table, new Inventory([module], []), PlacementConstraints.None, _ => true, new HashSet<string>());

        for (var mask = 0; mask < 1 << CandidateCuts.Length; mask++)
        {
            var cutBlocks = Enumerable.Range(1, CandidateCuts.Length).Where(b => (mask & (1 << (b - 1))) != 0).ToList();
            var bounds = cutBlocks.Prepend(0).Append(table.BlockCount).ToList();
            var stages = bounds.Zip(bounds.Skip(1), (first, end) => new StageChoice(first, end, module.Id)).ToList();
            var predicted = PlacementSolver.Predict(problem, stages, PlacementObjective.Latency);
            var split = partitioner.Split(PartitionPlan.AtPositions(graph, cutBlocks.Select(b => CandidateCuts[b - 1])));
            var flowing = new Dictionary<string, OrtValue>(inputs, StringComparer.Ordinal);
            var runs = new List<Vedliot.Runtime.Execution.AcceleratorRun>();
            try
            {
                for (var s = 0; s < split.Partitions.Count; s++)
                {
                    using var session = accelerator.Load(split.Partitions[s]);
                    var run = session.Run(split.Partitions[s].Inputs.ToDictionary(t => t.Name, t => flowing[t.Name], StringComparer.Ordinal));
                    runs.Add(run);
                    foreach (var (name, value) in run.Outputs)
                    {
                        flowing[name] = value;
                    }

                    // Each block's figure is rounded to a tick once, so the stage may differ by one tick per block.
                    var tolerance = TimeSpan.FromTicks(1).TotalMilliseconds * (stages[s].EndBlock - stages[s].FirstBlock + 1);
                    Assert.Equal(run.Latency.TotalMilliseconds, predicted.Stages[s].LatencyMs, tolerance);
                    Assert.Equal(run.EnergyJoules, predicted.Stages[s].EnergyJoules, module.Power.ActiveWatts * tolerance / 1000);
                }
            }
            finally
            {
                runs.ForEach(r => r.Dispose());
            }
        }
    }
}
