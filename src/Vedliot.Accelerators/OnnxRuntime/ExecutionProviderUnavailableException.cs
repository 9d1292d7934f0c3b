using Vedliot.Runtime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// An execution provider that is unknown, or that the loaded ONNX Runtime native library lacks.
/// Vedliot never falls back to another provider in its place.
/// </summary>
public sealed class ExecutionProviderUnavailableException : VedliotException
{
    /// <summary>Creates the error for <paramref name="provider"/>.</summary>
    public ExecutionProviderUnavailableException(string provider, string message)
        : base(message)
    {
        Provider = provider;
    }

    /// <summary>The provider name as requested.</summary>
    public string Provider { get; }
}
