namespace Vedliot.Runtime.Exposure;

/// <summary>
/// One row per sample: every crossing tensor flattened, averaged over contiguous groups down to at most
/// <see cref="MaxPooledFeatures"/> values, then randomly projected; the target is the whole reconstruction
/// target. Used when the crossing tensors keep no spatial layout the input's can be matched with.
/// </summary>
internal sealed class GlobalLayout : DecoderLayout
{
    public const int MaxPooledFeatures = 32768;

    private readonly int _total;
    private readonly int _group;
    private readonly RandomProjection _projection;

    public GlobalLayout(IReadOnlyList<CapturedTensor> crossing, int targetCount, int maxFeatures, int seed)
    {
        _total = crossing.Sum(t => t.Values.Length);
        _group = Math.Max(1, (_total + MaxPooledFeatures - 1) / MaxPooledFeatures);
        _projection = new RandomProjection((_total + _group - 1) / _group, maxFeatures, seed);
        TargetCount = targetCount;
    }

    public override int RowsPerSample => 1;

    public override int FeatureCount => _projection.Outputs;

    public override int TargetCount { get; }

    public override string Description =>
        $"global: {_total:N0} crossing values{(_group > 1 ? $" averaged in groups of {_group}" : "")}{(_projection.Outputs < _projection.Inputs ? $", projected to {_projection.Outputs}" : "")}";

    public override float[] Prepare(IReadOnlyList<CapturedTensor> crossing)
    {
        var pooled = new float[_projection.Inputs];
        var at = 0;
        foreach (var tensor in crossing)
        {
            foreach (var v in tensor.Values)
            {
                pooled[at / _group] += v / _group;
                at++;
            }
        }

        var features = new float[_projection.Outputs];
        _projection.AddTo(pooled, 0, features);
        return features;
    }

    public override void Features(float[] prepared, int row, Span<float> features) => prepared.CopyTo(features);

    public override void TargetPart(ReadOnlySpan<float> target, int row, Span<float> part) => target.CopyTo(part);

    public override void PlacePart(ReadOnlySpan<float> part, int row, Span<float> target) => part.CopyTo(target);
}
