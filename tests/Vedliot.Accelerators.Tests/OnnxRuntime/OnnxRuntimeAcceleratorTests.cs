using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.OnnxRuntime;

public class OnnxRuntimeAcceleratorTests
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };

    private static ModelPartition Relu()
    {
        var graph = ModelGraph.FromModel(new OnnxModelBuilder().Input("x", 1, 3).Node("Relu", ["x"], ["y"]).Output("y", 1, 3).Build(), "relu.onnx");
        return new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.Whole).Partitions[0];
    }

    [Fact]
    public void The_cpu_runs_a_partition_with_measured_latency_and_energy_from_its_power_model()
    {
        using var x = OrtValue.CreateTensorValueFromMemory([-1f, 0f, 2f], [1, 3]);
        using var session = new OnnxRuntimeAccelerator(TestModules.LocalCpu(), Options).Load(Relu());

        using var run = session.Run(new Dictionary<string, OrtValue> { ["x"] = x });

        Assert.Equal([0f, 0f, 2f], run.Outputs[0].Value.GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal(FigureSource.Measured, run.LatencySource);
        Assert.Equal(FigureSource.Modelled, run.EnergySource);
        Assert.Equal("power model of cpu", run.EnergyMeter);
        Assert.Equal(20 * run.Latency.TotalSeconds, run.EnergyJoules, 9);
    }

    [Fact]
    public void A_gpu_module_on_a_machine_without_cuda_fails_clearly_instead_of_running_on_the_cpu()
    {
        if (OnnxRuntimeBuild.Inspect().Providers.Single(p => p.Name == "CUDA").Loadability == ProviderLoadability.Loadable)
        {
            return;
        }

        var accelerator = new OnnxRuntimeAccelerator(TestModules.LocalCpu("onnxruntime:CUDA"), Options);

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => accelerator.Load(Relu()));

        Assert.Contains("'CUDA'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_without_an_onnx_runtime_backend_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new OnnxRuntimeAccelerator(TestModules.Emulated(), Options));
    }

    [Fact]
    public void A_missing_partition_input_is_named()
    {
        using var session = new OnnxRuntimeAccelerator(TestModules.LocalCpu(), Options).Load(Relu());

        var error = Assert.Throws<VedliotException>(() => session.Run(new Dictionary<string, OrtValue>()));

        Assert.Equal("cpu: partition 1 needs input 'x', which was not given", error.Message);
    }
}
