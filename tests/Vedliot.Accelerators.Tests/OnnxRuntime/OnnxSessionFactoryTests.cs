using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.OnnxRuntime;

public class OnnxSessionFactoryTests
{
    private static readonly byte[] Relu = new OnnxModelBuilder().Input("x", 1, 4).Node("Relu", ["x"], ["y"]).Output("y", 1, 4).ToBytes();

    [Fact]
    public void The_cpu_provider_is_always_available()
    {
        Assert.Equal(ProviderLoadability.Loadable, OnnxRuntimeBuild.Inspect().Providers.Single(p => p.Name == "CPU").Loadability);
        using var session = OnnxSessionFactory.Create(Relu, new OnnxRuntimeOptions(), "relu.onnx");
        Assert.Equal(["x"], session.InputMetadata.Keys);
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_the_known_names()
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(Relu, new OnnxRuntimeOptions { ExecutionProvider = "FPGA" }, "relu.onnx"));

        Assert.Equal("execution provider 'FPGA' is unknown; known providers: CPU, CUDA, TensorRT, OpenVINO, XNNPACK, VitisAI", error.Message);
    }

    [Theory]
    [InlineData("CUDA")]
    [InlineData("TensorRT")]
    [InlineData("OpenVINO")]
    public void A_provider_that_cannot_run_here_is_refused_with_its_reason_never_replaced_by_the_cpu(string provider)
    {
        var status = OnnxRuntimeBuild.Inspect().Providers.Single(p => p.Name == provider);
        var options = new OnnxRuntimeOptions { ExecutionProvider = provider };
        if (status.Loadability == ProviderLoadability.Loadable)
        {
            using var session = OnnxSessionFactory.Create(Relu, options, "relu.onnx");
            Assert.Equal(["x"], session.InputMetadata.Keys);
            return;
        }

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(Relu, options, "relu.onnx"));

        Assert.Contains($"'{provider}'", error.Message, StringComparison.Ordinal);
        if (status.Loadability == ProviderLoadability.NotInBuild)
        {
            Assert.Contains("is not available in the loaded ONNX Runtime 1.32.0 native library; available: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("CPUExecutionProvider", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"cannot be loaded here: {status.Problem}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Provider_names_are_accepted_in_onnx_runtime_spelling_and_any_case()
    {
        Assert.Equal("CPUExecutionProvider", OnnxSessionFactory.RequireProvider("cpu"));
        Assert.Equal("CPUExecutionProvider", OnnxSessionFactory.RequireProvider("CPUExecutionProvider"));
    }

    [Fact]
    public void A_model_onnx_runtime_refuses_is_reported_with_its_source()
    {
        var bad = new OnnxModelBuilder().Input("x", 1).Node("NoSuchOperator", ["x"], ["y"]).Output("y", 1).ToBytes();

        var error = Assert.Throws<OnnxRuntimeFailureException>(() => OnnxSessionFactory.Create(bad, new OnnxRuntimeOptions(), "bad.onnx"));

        Assert.StartsWith("bad.onnx: ONNX Runtime refuses the model: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Negative_thread_counts_are_refused_at_start_up()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSessionFactory.Create(Relu, new OnnxRuntimeOptions { IntraOpThreads = -1 }, "relu.onnx"));
    }
}
