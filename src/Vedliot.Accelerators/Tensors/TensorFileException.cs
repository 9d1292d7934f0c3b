using Vedliot.Runtime;

namespace Vedliot.Accelerators.Tensors;

/// <summary>A tensor file (.pb TensorProto or .npy) that is missing, corrupt or does not fit the model.</summary>
public sealed class TensorFileException : VedliotException
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public TensorFileException(string path, string reason)
        : base($"{path}: {reason}")
    {
        Path = path;
    }

    /// <summary>Creates the error with the lower-level cause.</summary>
    public TensorFileException(string path, string reason, Exception innerException)
        : base($"{path}: {reason}", innerException)
    {
        Path = path;
    }

    /// <summary>The file the error is about.</summary>
    public string Path { get; }
}
