namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>
/// A rolling-element bearing's geometry and its defect frequencies as orders (multiples) of the shaft speed, for a
/// stationary outer race. With n rolling elements of diameter d on pitch diameter D at contact angle φ and shaft
/// frequency f<sub>r</sub> (Randall &amp; Antoni, "Rolling element bearing diagnostics — A tutorial", Mechanical
/// Systems and Signal Processing 25(2), 2011, eqs. (1)–(4); Harris, "Rolling Bearing Analysis", 4th ed., 2001):
/// FTF = f<sub>r</sub>/2 · (1 − d/D·cos φ); BPFO = n·f<sub>r</sub>/2 · (1 − d/D·cos φ);
/// BPFI = n·f<sub>r</sub>/2 · (1 + d/D·cos φ); BSF = D·f<sub>r</sub>/(2d) · (1 − (d/D·cos φ)²).
/// </summary>
/// <param name="RollingElements">n, the number of balls.</param>
/// <param name="BallDiameterMm">d.</param>
/// <param name="PitchDiameterMm">D.</param>
/// <param name="ContactAngleDegrees">φ.</param>
public sealed record BearingGeometry(int RollingElements, double BallDiameterMm, double PitchDiameterMm, double ContactAngleDegrees)
{
    /// <summary>
    /// An SKF 6205-2RS deep-groove ball bearing (9 balls, d = 7.94 mm, D = 39.04 mm, φ = 0°), the drive-end bearing of
    /// Case Western Reserve University's bearing data set: BPFO ≈ 3.585×, BPFI ≈ 5.415×, BSF ≈ 2.357×, FTF ≈ 0.398×.
    /// </summary>
    public static BearingGeometry Skf6205 { get; } = new(9, 7.94, 39.04, 0);

    private double Ratio => BallDiameterMm / PitchDiameterMm * Math.Cos(ContactAngleDegrees * Math.PI / 180);

    /// <summary>Fundamental train (cage) frequency as an order.</summary>
    public double FtfOrder => 0.5 * (1 - Ratio);

    /// <summary>Ball pass frequency, outer race, as an order.</summary>
    public double BpfoOrder => RollingElements * 0.5 * (1 - Ratio);

    /// <summary>Ball pass frequency, inner race, as an order.</summary>
    public double BpfiOrder => RollingElements * 0.5 * (1 + Ratio);

    /// <summary>Ball spin frequency as an order.</summary>
    public double BsfOrder => PitchDiameterMm / (2 * BallDiameterMm) * (1 - (Ratio * Ratio));
}
