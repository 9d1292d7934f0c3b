using System.Text.RegularExpressions;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Names the shared library a provider failed to load for, from ONNX Runtime's log line (e.g. "Failed to
/// load library …/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared
/// object file"), and what to install for it. The versions are those ONNX Runtime 1.32's GPU build is
/// made against: CUDA 13, cuDNN 9, TensorRT 10.
/// </summary>
public static partial class MissingLibraryDiagnosis
{
    private static readonly (string Prefix, string Remedy)[] Remedies =
    [
        ("libcuda.so", "the NVIDIA driver (it provides libcuda.so.1)"),
        ("libcudnn", "cuDNN 9 for CUDA 13 (NVIDIA's libcudnn9-cuda-13)"),
        ("libnvinfer", "TensorRT 10 for CUDA 13 (NVIDIA's libnvinfer10, libnvinfer-plugin10 and libnvonnxparsers10)"),
        ("libnvonnxparser", "TensorRT 10 for CUDA 13 (NVIDIA's libnvinfer10, libnvinfer-plugin10 and libnvonnxparsers10)"),
        ("libcu", "the CUDA 13 runtime libraries (NVIDIA's cuda-libraries-13-0, or the CUDA 13 toolkit)"),
        ("libnv", "the CUDA 13 runtime libraries (NVIDIA's cuda-libraries-13-0, or the CUDA 13 toolkit)"),
    ];

    /// <summary>Finds the missing library in <paramref name="logLine"/> and what provides it.</summary>
    /// <returns>False when the line names no library that could not be opened.</returns>
    public static bool TryDiagnose(string logLine, out string library, out string remedy)
    {
        ArgumentNullException.ThrowIfNull(logLine);
        var match = CannotOpen().Match(logLine);
        if (!match.Success)
        {
            library = remedy = string.Empty;
            return false;
        }

        library = match.Groups["library"].Value;
        var name = library;
        var provides = Remedies.FirstOrDefault(r => name.StartsWith(r.Prefix, StringComparison.Ordinal)).Remedy
            ?? $"the package that provides {name}";
        remedy = $"install {provides} where the loader finds it (ldconfig or LD_LIBRARY_PATH)";
        return true;
    }

    [GeneratedRegex(@"(?<library>[A-Za-z0-9_.+\-]+\.so(\.[0-9]+)*): cannot open shared object file", RegexOptions.CultureInvariant)]
    private static partial Regex CannotOpen();
}
