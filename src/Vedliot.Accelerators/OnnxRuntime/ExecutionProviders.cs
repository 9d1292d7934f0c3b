namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// The ONNX Runtime execution providers Vedliot can select by name, and how each is spelled by ONNX
/// Runtime itself.
/// </summary>
public static class ExecutionProviders
{
    private static readonly (string Name, string OrtName)[] Known =
    [
        ("CPU", "CPUExecutionProvider"),
        ("CUDA", "CUDAExecutionProvider"),
        ("TensorRT", "TensorrtExecutionProvider"),
        ("OpenVINO", "OpenVINOExecutionProvider"),
        ("XNNPACK", "XnnpackExecutionProvider"),
        ("VitisAI", "VitisAIExecutionProvider"),
    ];

    /// <summary>Every known provider: its short name and ONNX Runtime's name for it.</summary>
    public static IReadOnlyList<(string Name, string OrtName)> All { get; } = Known;

    /// <summary>The short names accepted in configuration, e.g. <c>CUDA</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = Known.Select(k => k.Name).ToArray();

    /// <summary>
    /// Finds a provider by its short name or ONNX Runtime name, ignoring case.
    /// </summary>
    /// <returns>The canonical short name and the ONNX Runtime name, or false when unknown.</returns>
    public static bool TryResolve(string name, out string shortName, out string ortName)
    {
        foreach (var (known, ort) in Known)
        {
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase) || string.Equals(name, ort, StringComparison.OrdinalIgnoreCase))
            {
                shortName = known;
                ortName = ort;
                return true;
            }
        }

        shortName = ortName = string.Empty;
        return false;
    }
}
