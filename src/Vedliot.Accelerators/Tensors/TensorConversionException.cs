using Vedliot.Runtime;

namespace Vedliot.Accelerators.Tensors;

/// <summary>A tensor cannot be converted between a tensor frame and an ONNX Runtime value; the message names the tensor and why.</summary>
public sealed class TensorConversionException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public TensorConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public TensorConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
