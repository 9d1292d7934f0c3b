using Vedliot.Runtime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>ONNX Runtime refused a model or failed to run it; the message names the model and ONNX Runtime's reason.</summary>
public sealed class OnnxRuntimeFailureException : VedliotException
{
    /// <summary>Creates the error for the model or partition named <paramref name="source"/>.</summary>
    public OnnxRuntimeFailureException(string source, string action, Exception innerException)
        : base($"{source}: ONNX Runtime {action}: {FirstLine(innerException.Message)}", innerException)
    {
        ModelSource = source;
    }

    /// <summary>The model or partition the failure is about.</summary>
    public string ModelSource { get; }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 0 ? line : message;
    }
}
