using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>How Vedliot creates ONNX Runtime sessions.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>The execution provider by name (see <see cref="ExecutionProviders.Names"/>). Default: <c>CPU</c>.</summary>
    public string ExecutionProvider { get; init; } = "CPU";

    /// <summary>Provider-specific options, passed to ONNX Runtime as they are (e.g. <c>device_id</c>). Default: none.</summary>
    public IReadOnlyDictionary<string, string> ProviderOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether nodes the chosen provider cannot run may fall back to the CPU provider. Default: false, so
    /// that a model that does not fully run on an accelerator fails instead of quietly running elsewhere.
    /// Ignored for the CPU provider.
    /// </summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core). Default: 0.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across operators in parallel execution mode; 0 lets ONNX Runtime choose. Default: 0.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimizations ONNX Runtime applies when it loads a model. Default: all.</summary>
    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Checks the options; called when a session is created.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ExecutionProvider);
        ArgumentNullException.ThrowIfNull(ProviderOptions);
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpThreads);
    }
}
