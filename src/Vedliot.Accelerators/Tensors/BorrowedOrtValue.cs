using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// An ONNX Runtime tensor made by <see cref="TensorFrameConversion.BorrowOrtValue"/>: either over a frame's pinned
/// data (no copy) or over a copy of it. Disposing it releases the tensor, then unpins the data.
/// </summary>
public sealed class BorrowedOrtValue : IDisposable
{
    private GCHandle _pin;

    internal BorrowedOrtValue(OrtValue value, GCHandle pin)
    {
        Value = value;
        _pin = pin;
    }

    /// <summary>The tensor; owned by this instance.</summary>
    public OrtValue Value { get; }

    /// <summary>Whether the tensor reads the frame's data in place rather than a copy.</summary>
    public bool IsInPlace => _pin.IsAllocated;

    /// <summary>Releases the tensor, then unpins the frame's data.</summary>
    public void Dispose()
    {
        Value.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
