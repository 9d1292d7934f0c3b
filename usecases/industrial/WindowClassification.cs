using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial;

/// <summary>The model's answer for one window.</summary>
/// <param name="Condition">The condition scored highest.</param>
/// <param name="Scores">A score per condition, in the order of <see cref="MotorConditions.All"/>.</param>
/// <param name="Latency">From sending the window to the answer.</param>
public sealed record WindowClassification(MotorCondition Condition, IReadOnlyList<double> Scores, TimeSpan Latency)
{
    /// <summary>The winning score.</summary>
    public double Score => Scores[(int)Condition];
}
