using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Vedliot.Accelerators.Tensors;

/// <summary>How many bytes a value holds: what it costs to move it to another module.</summary>
public static class OrtValueSize
{
    /// <summary>
    /// Bytes of <paramref name="value"/>'s data: a numeric tensor's buffer, a string tensor's UTF-8
    /// text, or the sum over a sequence's elements.
    /// </summary>
    public static long Bytes(OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.OnnxType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                var info = value.GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.String)
                {
                    return value.GetTensorSizeInBytes();
                }

                long text = 0;
                for (var i = 0; i < info.ElementCount; i++)
                {
                    text += Encoding.UTF8.GetByteCount(value.GetStringElementAsMemory(i).Span);
                }

                return text;
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                long total = 0;
                var count = value.GetValueCount();
                for (var i = 0; i < count; i++)
                {
                    using var element = value.GetValue(i, OrtAllocator.DefaultInstance);
                    total += Bytes(element);
                }

                return total;
            default:
                return 0;
        }
    }
}
