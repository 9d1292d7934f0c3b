using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.OnnxRuntime;

public class OnnxSessionFactoryTests
{
    private static readonly byte[] Relu = new OnnxModelBuilder().Input("x", 1, 4).Node("Relu", ["x"], ["y"]).Output("y", 1, 4).ToBytes();

    [Fact]
    public void The_cpu_provider_is_always_available()
    {
        Assert.Contains("CPUExecutionProvider", OnnxSessionFactory.AvailableProviders);
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
    public void A_provider_the_native_library_lacks_is_refused_never_replaced_by_the_cpu(string provider)
    {
        if (OnnxSessionFactory.AvailableProviders.Any(p => p.StartsWith(provider, StringComparison.OrdinalIgnoreCase)))
        {
            // This machine's ONNX Runtime has the provider: the refusal cannot be observed here.
            return;
        }

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(Relu, new OnnxRuntimeOptions { ExecutionProvider = provider }, "relu.onnx"));

        Assert.Contains($"'{provider}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not available", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("available: " + string.Join(", ", OnnxSessionFactory.AvailableProviders), error.Message, StringComparison.Ordinal);
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
