namespace Vedliot.Runtime.Placement;

/// <summary>
/// What writing the tensors crossing a cut into a message, and reading them back, costs: a fixed part per
/// message and a part per byte, for each direction. Measured once on the orchestrator's host with the tensor
/// frame codec the nodes use; the sending stage's module encodes, the receiving one decodes.
/// </summary>
/// <param name="EncodeFixedMs">Fixed time to encode one message.</param>
/// <param name="EncodeMsPerByte">Time per tensor byte encoded.</param>
/// <param name="DecodeFixedMs">Fixed time to decode one message.</param>
/// <param name="DecodeMsPerByte">Time per tensor byte decoded.</param>
public sealed record TensorCodecCost(double EncodeFixedMs, double EncodeMsPerByte, double DecodeFixedMs, double DecodeMsPerByte)
{
    /// <summary>No codec cost (tensors handed over in memory).</summary>
    public static TensorCodecCost None { get; } = new(0, 0, 0, 0);

    /// <summary>Time to encode <paramref name="bytes"/> of tensors, in milliseconds.</summary>
    public double EncodeMs(long bytes) => EncodeFixedMs + (bytes * EncodeMsPerByte);

    /// <summary>Time to decode <paramref name="bytes"/> of tensors, in milliseconds.</summary>
    public double DecodeMs(long bytes) => DecodeFixedMs + (bytes * DecodeMsPerByte);

    /// <summary>True when every figure is finite and not negative.</summary>
    public bool IsValid => new[] { EncodeFixedMs, EncodeMsPerByte, DecodeFixedMs, DecodeMsPerByte }.All(v => v >= 0 && double.IsFinite(v));
}
