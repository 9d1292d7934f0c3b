namespace Vedliot.Runtime.Workload;

/// <summary>The work of one node: arithmetic operations and bytes it reads and writes.</summary>
/// <param name="Operations">Arithmetic operations (a multiply-add counts as two).</param>
/// <param name="BytesRead">Bytes of its inputs, weights included.</param>
/// <param name="BytesWritten">Bytes of its outputs.</param>
public sealed record NodeWorkload(double Operations, long BytesRead, long BytesWritten)
{
    /// <summary>Bytes moved to and from memory.</summary>
    public long BytesMoved => BytesRead + BytesWritten;
}
