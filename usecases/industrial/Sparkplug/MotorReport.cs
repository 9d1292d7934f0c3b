namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>What the edge node publishes for one motor and one window.</summary>
/// <param name="Classification">The model's answer.</param>
/// <param name="Summary">RMS and dominant frequencies of the window.</param>
/// <param name="Rpm">The shaft speed the window was classified at.</param>
public sealed record MotorReport(WindowClassification Classification, VibrationSummary Summary, double Rpm);
