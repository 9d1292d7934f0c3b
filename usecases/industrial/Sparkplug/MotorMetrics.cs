using Vedliot.UseCases.Industrial.Simulation;
using Vedliot.UseCases.Industrial.Sparkplug.Wire;

namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>
/// A motor's Sparkplug metrics: names, aliases (unique across the edge node: 100·(device index + 1) + metric index),
/// data types, and their values from a <see cref="MotorReport"/>. DBIRTH carries names and aliases, DDATA aliases only.
/// </summary>
internal static class MotorMetrics
{
    private static readonly (string Name, SparkplugDataType Type, Func<MotorReport, object> Value)[] Definitions =
    [
        ("Condition/Class", SparkplugDataType.String, r => r.Classification.Condition.Name()),
        .. MotorConditions.All.Select(c => ($"Condition/Score/{c.Name()}", SparkplugDataType.Float, (Func<MotorReport, object>)(r => r.Classification.Scores[(int)c]))),
        ("Vibration/RMS", SparkplugDataType.Float, r => r.Summary.RmsG),
        ("Vibration/Dominant Frequency 1", SparkplugDataType.Float, r => r.Summary.DominantHz[0]),
        ("Vibration/Dominant Frequency 2", SparkplugDataType.Float, r => r.Summary.DominantHz[1]),
        ("Vibration/Dominant Frequency 3", SparkplugDataType.Float, r => r.Summary.DominantHz[2]),
        ("Shaft/Speed", SparkplugDataType.Float, r => r.Rpm),
        ("Model/Latency", SparkplugDataType.Double, r => r.Classification.Latency.TotalMilliseconds),
    ];

    /// <summary>The metric names, in alias order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Definitions.Select(d => d.Name)];

    /// <summary>The metrics of <paramref name="report"/> for the device at <paramref name="deviceIndex"/>; with names when <paramref name="birth"/>.</summary>
    public static IEnumerable<Payload.Types.Metric> Of(MotorReport report, int deviceIndex, bool birth, ulong timestamp) =>
        Definitions.Select((d, i) => SparkplugPayloads.Metric(birth ? d.Name : null, Alias(deviceIndex, i), d.Type, timestamp, d.Value(report)));

    /// <summary>The alias of metric <paramref name="metricIndex"/> of device <paramref name="deviceIndex"/>.</summary>
    public static ulong Alias(int deviceIndex, int metricIndex) => (ulong)((100 * (deviceIndex + 1)) + metricIndex);
}
