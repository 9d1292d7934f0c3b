using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>Figures of a stage's recent runs.</summary>
/// <param name="LatencyP50Ms">Median run time.</param>
/// <param name="LatencyP95Ms">95th percentile run time.</param>
/// <param name="LatencySource">Measured or modelled.</param>
/// <param name="EnergyPerRunJoules">Mean energy per run.</param>
/// <param name="EnergySource">Measured or modelled.</param>
/// <param name="EnergyMeter">What produced the energy figures.</param>
internal sealed record RunFigures(double LatencyP50Ms, double LatencyP95Ms, FigureSource LatencySource, double EnergyPerRunJoules, FigureSource EnergySource, string EnergyMeter);
