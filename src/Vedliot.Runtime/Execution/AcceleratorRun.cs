using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Runtime.Execution;

/// <summary>The outputs of one partition run on an accelerator and what it cost.</summary>
/// <remarks>Owns its output values; disposing it releases them.</remarks>
public sealed class AcceleratorRun : IDisposable
{
    /// <summary>Creates a result that takes ownership of <paramref name="outputs"/>.</summary>
    public AcceleratorRun(IReadOnlyList<KeyValuePair<string, OrtValue>> outputs, TimeSpan latency, FigureSource latencySource, double energyJoules, FigureSource energySource, string energyMeter)
    {
        Outputs = outputs;
        Latency = latency;
        LatencySource = latencySource;
        EnergyJoules = energyJoules;
        EnergySource = energySource;
        EnergyMeter = energyMeter;
    }

    /// <summary>The partition's outputs, in its declared order.</summary>
    public IReadOnlyList<KeyValuePair<string, OrtValue>> Outputs { get; }

    /// <summary>Time of the run on the module.</summary>
    public TimeSpan Latency { get; }

    /// <summary>Whether <see cref="Latency"/> was measured or modelled.</summary>
    public FigureSource LatencySource { get; }

    /// <summary>Energy of the run on the module, in joules.</summary>
    public double EnergyJoules { get; }

    /// <summary>Whether <see cref="EnergyJoules"/> was measured or modelled.</summary>
    public FigureSource EnergySource { get; }

    /// <summary>What produced the energy figure, e.g. <c>rapl:package-0</c> or <c>power model of jetson-agx</c>.</summary>
    public string EnergyMeter { get; }

    /// <summary>Releases the output values.</summary>
    public void Dispose()
    {
        foreach (var output in Outputs)
        {
            output.Value.Dispose();
        }
    }
}
