using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.Profiling;

/// <summary>This machine as its probes find it: its devices, its CPU module and the CPU's energy meter.</summary>
/// <param name="Devices">What the probes found.</param>
/// <param name="Cpu">This machine's CPU module, or null when the probes found none.</param>
/// <param name="CpuMeter">The CPU's energy meter, or null when it has none.</param>
public sealed record LocalHost(IReadOnlyList<DiscoveredDevice> Devices, Module? Cpu, IEnergyMeter? CpuMeter)
{
    /// <summary>Runs this machine's probes.</summary>
    /// <returns>What they found.</returns>
    public static LocalHost Discover()
    {
        var options = new ProbeOptions();
        var devices = HardwareDiscovery.ForLinux(options).Run().Devices;
        var cpu = InventoryBuilder.Build(devices, null).Modules.FirstOrDefault(m => m.Presence == Presence.Present && m.Kind == ModuleKind.Cpu);
        return new LocalHost(devices, cpu, LocalEnergyMeters.ForHostCpu(devices, options, TimeProvider.System));
    }
}
