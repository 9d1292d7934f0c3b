namespace Vedliot.Runtime.Placement;

/// <summary>
/// A bound on how much of the model's input the tensors a placement hands around may reveal: a cut whose
/// measured exposure exceeds <paramref name="MaxExposure"/> may separate two stages only when both run on
/// attested modules joined by an encrypted link, and when the input itself exceeds it the first stage runs
/// on an attested module.
/// </summary>
/// <param name="MaxExposure">The bound, in [0, 1].</param>
/// <param name="InputExposure">The exposure of the input itself (the identity cut), in [0, 1].</param>
/// <param name="BoundaryExposure">The exposure at the cut between block b and block b + 1, for b = 0 .. blocks - 2, each in [0, 1].</param>
public sealed record ExposureLimit(double MaxExposure, double InputExposure, IReadOnlyList<double> BoundaryExposure)
{
    /// <summary>True when the tensors crossing <paramref name="boundary"/> (1 .. blocks - 1) reveal more than the bound.</summary>
    public bool Exceeded(int boundary) => BoundaryExposure[boundary - 1] > MaxExposure;

    /// <summary>True when a hop at <paramref name="boundary"/> between modules of the given trust over <paramref name="link"/> would reveal more than the bound.</summary>
    public bool Forbids(int boundary, bool fromAttested, bool toAttested, Platform.Link? link) =>
        Exceeded(boundary) && !(fromAttested && toAttested && link is { Encrypted: true });
}
