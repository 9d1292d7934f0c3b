using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Running;

/// <summary>This machine as its probes find it: its devices, its CPU module and the CPU's energy meter.</summary>
internal sealed record LocalHost(IReadOnlyList<DiscoveredDevice> Devices, Module? Cpu, IEnergyMeter? CpuMeter)
{
    public static LocalHost Discover()
    {
        var options = new ProbeOptions();
        var devices = HardwareDiscovery.ForLinux(options).Run().Devices;
        var cpu = InventoryBuilder.Build(devices, null).Modules.FirstOrDefault(m => m.Presence == Presence.Present && m.Kind == ModuleKind.Cpu);
        return new LocalHost(devices, cpu, LocalEnergyMeters.ForHostCpu(devices, options, TimeProvider.System));
    }
}
