namespace Vedliot.Runtime.Platform;

/// <summary>One compute module of a platform: a CPU, GPU, FPGA or ASIC that can run model partitions.</summary>
/// <param name="Id">Unique name within the platform, e.g. <c>jetson-agx</c>.</param>
/// <param name="Kind">CPU, GPU, FPGA or ASIC.</param>
/// <param name="Vendor">Maker, e.g. <c>NVIDIA</c>.</param>
/// <param name="Product">Product name, e.g. <c>Jetson AGX Xavier</c>.</param>
/// <param name="PeakOpsPerSecond">Peak arithmetic throughput per precision (operations per second; a multiply-add counts as two).</param>
/// <param name="Memory">Capacity and bandwidth of the memory it computes from.</param>
/// <param name="Operators">Operators and precisions it runs.</param>
/// <param name="Power">Its power model.</param>
/// <param name="CallOverheadMs">Fixed time per inference call (driver, DMA set-up, kernel launch).</param>
/// <param name="Efficiency">Fraction of peak throughput that real networks sustain on it (0 to 1]; the device model of an emulated module uses it.</param>
/// <param name="Backend">How partitions run on it, e.g. <c>onnxruntime:CPU</c> or <c>onnxruntime:CUDA</c>.</param>
/// <param name="Presence">Present on this machine, or emulated from its descriptor.</param>
/// <param name="Slot">Where it sits in the chassis (<c>carrier/slot</c>), if known.</param>
/// <param name="Properties">Further facts (ISA features, PCI ids, device paths), by name.</param>
public sealed record Module(
    string Id,
    ModuleKind Kind,
    string Vendor,
    string Product,
    IReadOnlyDictionary<Precision, double> PeakOpsPerSecond,
    MemorySpec Memory,
    OperatorSupport Operators,
    PowerModel Power,
    double CallOverheadMs,
    double Efficiency,
    string Backend,
    Presence Presence,
    string? Slot,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>Peak throughput at <paramref name="precision"/> in operations per second; 0 when it does not compute in it.</summary>
    public double PeakOpsPerSecondAt(Precision precision) =>
        PeakOpsPerSecond.TryGetValue(precision, out var ops) ? ops : 0;
}
