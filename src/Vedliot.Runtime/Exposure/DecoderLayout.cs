namespace Vedliot.Runtime.Exposure;

/// <summary>
/// How one cut's crossing tensors become decoder rows: each sample gives <see cref="RowsPerSample"/> rows,
/// each with <see cref="FeatureCount"/> features and <see cref="TargetCount"/> values of the reconstruction target.
/// </summary>
internal abstract class DecoderLayout
{
    public abstract int RowsPerSample { get; }

    public abstract int FeatureCount { get; }

    public abstract int TargetCount { get; }

    /// <summary>What the decoder sees, for people (e.g. <c>local 3×3 cells of a 16×16 grid, 256 features</c>).</summary>
    public abstract string Description { get; }

    /// <summary>Prepares the features of one sample's crossing tensors; <see cref="Features"/> then reads rows of it.</summary>
    public abstract float[] Prepare(IReadOnlyList<CapturedTensor> crossing);

    /// <summary>Writes row <paramref name="row"/>'s features from a prepared sample.</summary>
    public abstract void Features(float[] prepared, int row, Span<float> features);

    /// <summary>Copies row <paramref name="row"/>'s part of the whole target <paramref name="target"/> into <paramref name="part"/>.</summary>
    public abstract void TargetPart(ReadOnlySpan<float> target, int row, Span<float> part);

    /// <summary>Writes a decoded <paramref name="part"/> back into its place in the whole target.</summary>
    public abstract void PlacePart(ReadOnlySpan<float> part, int row, Span<float> target);
}
