using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Exposure;

/// <summary>The exposure of a model's input at the identity cut and at each candidate cut.</summary>
/// <param name="Metric">How reconstructions were scored.</param>
/// <param name="Input">The input the decoders reconstructed, e.g. <c>x float[1,3,64,64], synthetic images</c>.</param>
/// <param name="TrainInputs">Inputs the decoders were fitted on.</param>
/// <param name="HeldOutInputs">Inputs they were scored on.</param>
/// <param name="Cuts">The identity cut (position 0) first, then the candidate cuts in ascending order.</param>
public sealed record ExposureProfile(ExposureMetric Metric, string Input, int TrainInputs, int HeldOutInputs, IReadOnlyList<CutExposure> Cuts)
{
    /// <summary>The score of the mean training input against the held-out ones: what a cut that reveals nothing scores (<see cref="ExposureEstimator.Baseline"/>).</summary>
    public double Baseline { get; init; }

    /// <summary>
    /// The placement bound <paramref name="maxExposure"/> over a profile's blocks, whose boundaries are
    /// <paramref name="candidateCuts"/>. The input itself counts as fully exposed (1), whatever its decoder
    /// scored: whoever holds the input holds everything it shows.
    /// </summary>
    /// <exception cref="ArgumentException">A candidate cut was not measured.</exception>
    public ExposureLimit Limit(double maxExposure, IReadOnlyList<int> candidateCuts)
    {
        ArgumentNullException.ThrowIfNull(candidateCuts);
        return new ExposureLimit(maxExposure, 1, [.. candidateCuts.Select(At)]);
    }

    /// <summary>The exposure measured at <paramref name="position"/>.</summary>
    /// <exception cref="ArgumentException">No cut at that position was measured.</exception>
    public double At(int position) =>
        Cuts.FirstOrDefault(c => c.Position == position)?.Exposure
        ?? throw new ArgumentException($"no exposure was measured at the cut after {position} operations", nameof(position));
}
