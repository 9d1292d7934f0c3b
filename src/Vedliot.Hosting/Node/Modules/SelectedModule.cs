using Vedliot.Accelerators.Emulation;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.Node.Modules;

/// <summary>The module a node drives and its accelerator.</summary>
/// <param name="Module">The module, as announced.</param>
/// <param name="Accelerator">What loads and runs partitions on it.</param>
public sealed record SelectedModule(Module Module, IAccelerator Accelerator)
{
    /// <summary>What runs the partitions, e.g. <c>onnxruntime:CPU</c>, or <c>emulated fpga (device model)</c>.</summary>
    public string Backend => Accelerator is EmulatedAccelerator
        ? $"emulated {Module.Kind.ToString().ToLowerInvariant()} (device model of {Module.Id}; outputs computed by onnxruntime:CPU)"
        : Module.Backend;

    /// <summary>Whether run times are measured or modelled before any run reports its own.</summary>
    public FigureSource LatencySource => Accelerator is EmulatedAccelerator ? FigureSource.Modelled : FigureSource.Measured;
}
