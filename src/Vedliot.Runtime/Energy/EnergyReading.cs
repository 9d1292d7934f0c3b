namespace Vedliot.Runtime.Energy;

/// <summary>A cumulative energy reading.</summary>
/// <param name="EnergyJoules">Energy counted since the meter's origin.</param>
/// <param name="Timestamp">When it was read, as a <see cref="TimeProvider"/> timestamp.</param>
/// <param name="Source">What produced it, e.g. <c>rapl:/sys/class/powercap/intel-rapl:0</c> or <c>modelled:jetson-agx</c>.</param>
/// <param name="Kind">Measured or modelled.</param>
public sealed record EnergyReading(double EnergyJoules, long Timestamp, string Source, EnergySourceKind Kind);
