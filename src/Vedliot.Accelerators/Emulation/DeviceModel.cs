using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Workload;

namespace Vedliot.Accelerators.Emulation;

/// <summary>
/// Estimates what a partition costs on a module from the module's datasheet parameters: a roofline per
/// node (the node takes as long as the slower of its arithmetic at the sustained peak and its memory
/// traffic at the memory bandwidth), plus the module's fixed per-call overhead; energy is the active
/// power over that time.
/// </summary>
/// <param name="Module">The module whose parameters are used.</param>
public sealed record DeviceModel(Module Module)
{
    /// <summary>
    /// The precision a float32 partition computes in on the module: float32 where the module has it,
    /// else the widest precision it offers (an int8-only ASIC or DPU runs the partition after the
    /// vendor's post-training quantization, as it would be deployed).
    /// </summary>
    public Precision EffectivePrecision =>
        new[] { Precision.Fp32, Precision.Fp16, Precision.Bf16, Precision.Int8, Precision.Int4 }
            .FirstOrDefault(p => Module.Operators.Precisions.Contains(p) && Module.PeakOpsPerSecondAt(p) > 0, Precision.Fp32);

    /// <summary>Modelled latency of a run with <paramref name="workload"/>.</summary>
    /// <exception cref="InvalidOperationException">The module has no throughput or bandwidth figures for the precision.</exception>
    public TimeSpan Latency(PartitionWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var precision = EffectivePrecision;
        var peak = Module.PeakOpsPerSecondAt(precision) * Module.Efficiency;
        var bandwidth = Module.Memory.BandwidthBytesPerSecond;
        if (peak <= 0 || bandwidth <= 0)
        {
            throw new InvalidOperationException($"module '{Module.Id}' has no peak throughput at {precision} or no memory bandwidth; its device model cannot estimate latency");
        }

        // Quantized deployment moves narrower elements than the float32 model declares.
        var byteScale = BytesPerElement(precision) / 4.0;
        var seconds = workload.Nodes.Sum(n => Math.Max(n.Work.Operations / peak, n.Work.BytesMoved * byteScale / bandwidth));
        return TimeSpan.FromMilliseconds(Module.CallOverheadMs + (seconds * 1000.0));
    }

    /// <summary>Modelled energy of a run lasting <paramref name="latency"/>, in joules.</summary>
    public double EnergyJoules(TimeSpan latency) => Module.Power.ActiveEnergyJoules(latency.TotalSeconds);

    private static double BytesPerElement(Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Fp16 or Precision.Bf16 => 2,
        Precision.Int8 => 1,
        _ => 0.5,
    };
}
