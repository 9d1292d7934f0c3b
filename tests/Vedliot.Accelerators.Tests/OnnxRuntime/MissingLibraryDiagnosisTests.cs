using Vedliot.Accelerators.OnnxRuntime;

namespace Vedliot.Accelerators.Tests.OnnxRuntime;

public class MissingLibraryDiagnosisTests
{
    // Logged by Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 on this machine (no CUDA), appending each provider.
    private const string CudaLog = "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /opt/app/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";
    private const string TensorRtLog = "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /opt/app/libonnxruntime_providers_tensorrt.so with error: libcublas.so.13: cannot open shared object file: No such file or directory";

    [Fact]
    public void A_missing_cuda_library_is_named_with_the_cuda_13_runtime_to_install()
    {
        Assert.True(MissingLibraryDiagnosis.TryDiagnose(CudaLog, out var library, out var remedy));

        Assert.Equal("libcublasLt.so.13", library);
        Assert.Equal("install the CUDA 13 runtime libraries (NVIDIA's cuda-libraries-13-0, or the CUDA 13 toolkit) where the loader finds it (ldconfig or LD_LIBRARY_PATH)", remedy);
    }

    [Fact]
    public void The_exception_text_of_a_failed_session_is_diagnosed_too()
    {
        const string thrown = "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /opt/app/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";

        Assert.True(MissingLibraryDiagnosis.TryDiagnose(thrown, out var library, out _));

        Assert.Equal("libcublasLt.so.13", library);
    }

    [Fact]
    public void The_library_named_is_the_one_that_could_not_be_opened_not_the_provider_itself()
    {
        Assert.True(MissingLibraryDiagnosis.TryDiagnose(TensorRtLog, out var library, out _));

        Assert.Equal("libcublas.so.13", library);
    }

    [Theory]
    [InlineData("libcudnn.so.9", "cuDNN 9 for CUDA 13")]
    [InlineData("libnvinfer.so.10", "TensorRT 10 for CUDA 13")]
    [InlineData("libnvonnxparser.so.10", "TensorRT 10 for CUDA 13")]
    [InlineData("libcuda.so.1", "the NVIDIA driver")]
    [InlineData("libcudart.so.13", "the CUDA 13 runtime libraries")]
    [InlineData("libfoo.so", "the package that provides libfoo.so")]
    public void Each_library_family_points_at_what_provides_it(string missing, string provides)
    {
        Assert.True(MissingLibraryDiagnosis.TryDiagnose($"Failed to load library x.so with error: {missing}: cannot open shared object file: No such file or directory", out var library, out var remedy));

        Assert.Equal(missing, library);
        Assert.StartsWith($"install {provides}", remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_that_names_no_unopenable_library_is_not_diagnosed()
    {
        Assert.False(MissingLibraryDiagnosis.TryDiagnose("CUDA failure 100: no CUDA-capable device is detected", out _, out _));
    }
}
