namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>One execution provider's state in the loaded ONNX Runtime build.</summary>
/// <param name="Name">Vedliot's short name, e.g. <c>CUDA</c>.</param>
/// <param name="OrtName">ONNX Runtime's name, e.g. <c>CUDAExecutionProvider</c>.</param>
/// <param name="Loadability">Whether a session on it can be created here.</param>
/// <param name="Problem">Why it cannot, as ONNX Runtime put it; null when loadable or not in the build.</param>
/// <param name="MissingLibrary">The shared library the loader could not find, when that is the cause.</param>
/// <param name="Remedy">What to install so that it loads, when the cause is known.</param>
public sealed record ExecutionProviderStatus(
    string Name,
    string OrtName,
    ProviderLoadability Loadability,
    string? Problem = null,
    string? MissingLibrary = null,
    string? Remedy = null);
