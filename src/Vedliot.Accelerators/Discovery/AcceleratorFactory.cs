using Vedliot.Accelerators.Emulation;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Discovery;

/// <summary>
/// Picks each module's accelerator: the real ONNX Runtime path for a present module whose backend is an
/// ONNX Runtime execution provider, the emulated path for everything else. A present module never gets
/// the emulated path in place of its real one.
/// </summary>
public static class AcceleratorFactory
{
    /// <summary>The accelerator for <paramref name="module"/>.</summary>
    /// <param name="module">The module.</param>
    /// <param name="options">ONNX Runtime threading options for both paths.</param>
    /// <param name="meter">An energy meter for a present module, if one measures it.</param>
    /// <param name="timeProvider">Times real runs.</param>
    public static IAccelerator Create(Module module, OnnxRuntimeOptions options, IEnergyMeter? meter = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Presence == Presence.Present && module.Backend.StartsWith(OnnxRuntimeAccelerator.BackendPrefix, StringComparison.Ordinal)
            ? new OnnxRuntimeAccelerator(module, options, meter, timeProvider)
            : new EmulatedAccelerator(module, options);
    }
}
