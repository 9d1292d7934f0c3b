namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>What one partition of a chain did in one run.</summary>
/// <param name="Index">The partition's position in the chain, from 0.</param>
/// <param name="Latency">Wall time of the partition's ONNX Runtime call.</param>
/// <param name="Crossing">The tensors crossing the cut after it with their sizes in bytes (none after the last partition).</param>
public sealed record StageRun(int Index, TimeSpan Latency, IReadOnlyList<KeyValuePair<string, long>> Crossing)
{
    /// <summary>Total bytes crossing the cut after the partition.</summary>
    public long CrossingBytes => Crossing.Sum(c => c.Value);
}
