using System.Globalization;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Simulation;
using Vedliot.UseCases.Industrial.Sparkplug;

namespace Vedliot.UseCases.Industrial;

/// <summary>
/// The demo's live run: three simulated motors (emulated vibration, labelled so) stream one-second windows in real time
/// through the pipeline; a fault is switched on in each part-way through, and every window's class is printed, marked
/// where it changes. At the end, how many windows matched the simulated condition.
/// </summary>
internal static class LiveMotors
{
    private sealed record Motor(string Name, double Rpm, SimulatedMotor Simulation, MotorCondition Fault, int FaultAtSecond)
    {
        public MotorCondition? Last { get; set; }

        public int Matched { get; set; }
    }

    /// <summary>The motors' names, which are also their Sparkplug device ids.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["motor-1", "motor-2", "motor-3"];

    /// <summary>Runs the motors for <paramref name="seconds"/> seconds, reporting every window through <paramref name="edgeNode"/>.</summary>
    public static async Task RunAsync(MotorConditionClient client, SparkplugEdgeNode edgeNode, int seconds, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        Motor Make(string name, double rpm, MotorCondition fault, double share, int seed) =>
            new(name, rpm, new SimulatedMotor(new MotorScenario(rpm, MotorCondition.Healthy, 0.8, 0.02, seed), MotorModelDesign.SampleRateHz), fault, (int)Math.Round(seconds * share));
        Motor[] motors =
        [
            Make(Devices[0], 1480, MotorCondition.OuterRace, 1.0 / 3, 101),
            Make(Devices[1], 1760, MotorCondition.Misalignment, 1.0 / 2, 102),
            Make(Devices[2], 1180, MotorCondition.InnerRace, 2.0 / 3, 103),
        ];
        foreach (var motor in motors)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"industrial app: {motor.Name} (simulated vibration, emulated sensor) at {motor.Rpm:0} rpm (±2 %); {motor.Fault.Name()} switched on at {motor.FaultAtSecond} s"));
        }

        var started = time.GetTimestamp();
        var latencies = new List<double>();
        for (var second = 1; second <= seconds; second++)
        {
            var line = new List<string>();
            foreach (var motor in motors)
            {
                if (second - 1 == motor.FaultAtSecond)
                {
                    motor.Simulation.Condition = motor.Fault;
                }

                var window = motor.Simulation.Next(MotorModelDesign.WindowSamples);
                var result = await client.ClassifyAsync(window.X, (float)motor.Simulation.LastMeanRpm, cancellationToken).ConfigureAwait(false);
                latencies.Add(result.Latency.TotalMilliseconds);
                await edgeNode.PublishAsync(motor.Name, new MotorReport(result, VibrationSummary.Of(window.X, MotorModelDesign.SampleRateHz), motor.Simulation.LastMeanRpm), cancellationToken).ConfigureAwait(false);
                motor.Matched += result.Condition == motor.Simulation.Condition ? 1 : 0;
                var changed = motor.Last is { } last && last != result.Condition;
                line.Add(string.Create(CultureInfo.InvariantCulture, $"{motor.Name} {(changed ? "→ " : string.Empty)}{result.Condition.Name()} {result.Score:0.00}"));
                motor.Last = result.Condition;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t={second,4} s  {string.Join("  |  ", line)}"));
            var due = TimeSpan.FromSeconds(second) - time.GetElapsedTime(started);
            if (due > TimeSpan.Zero && second < seconds)
            {
                await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
            }
        }

        latencies.Sort();
        foreach (var motor in motors)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"industrial app: {motor.Name}: {motor.Matched} of {seconds} windows classified as simulated (healthy until {motor.FaultAtSecond} s, then {motor.Fault.Name()})"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"industrial app: {latencies.Count} windows; pipeline round trip p50 {latencies[latencies.Count / 2]:0.0} ms, max {latencies[^1]:0.0} ms"));
    }
}
