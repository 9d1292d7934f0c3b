namespace Vedliot.Runtime.Models;

/// <summary>An ONNX model file that cannot be read or whose graph is not well formed.</summary>
public sealed class ModelFormatException : VedliotException
{
    /// <summary>Creates the error for <paramref name="source"/> (a file path or model name).</summary>
    public ModelFormatException(string source, string reason)
        : base($"{source}: {reason}")
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>Creates the error with the lower-level cause.</summary>
    public ModelFormatException(string source, string reason, Exception innerException)
        : base($"{source}: {reason}", innerException)
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The file path or model name the error is about.</summary>
    public new string Source { get; }

    /// <summary>Why the model was refused.</summary>
    public string Reason { get; }
}
