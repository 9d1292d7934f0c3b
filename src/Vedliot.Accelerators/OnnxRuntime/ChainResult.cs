using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>The outputs of one run of a <see cref="PartitionChain"/> and what each partition took.</summary>
/// <remarks>Owns the output values it made; disposing it releases them.</remarks>
public sealed class ChainResult : IDisposable
{
    private readonly IReadOnlyCollection<OrtValue> _owned;

    internal ChainResult(IReadOnlyList<KeyValuePair<string, OrtValue>> outputs, IReadOnlyCollection<OrtValue> owned, IReadOnlyList<StageRun> stages)
    {
        Outputs = outputs;
        _owned = owned;
        Stages = stages;
    }

    /// <summary>The model's outputs in its declared order.</summary>
    public IReadOnlyList<KeyValuePair<string, OrtValue>> Outputs { get; }

    /// <summary>One entry per partition, in chain order.</summary>
    public IReadOnlyList<StageRun> Stages { get; }

    /// <summary>The sum of the partitions' latencies.</summary>
    public TimeSpan TotalLatency => Stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Latency);

    /// <summary>Releases the output values.</summary>
    public void Dispose()
    {
        foreach (var value in _owned)
        {
            value.Dispose();
        }
    }
}
