using Vedliot.Accelerators.Energy;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Energy;

namespace Vedliot.Accelerators.Discovery;

/// <summary>Finds the meter that measures a present module's energy among the energy sources the probes found.</summary>
public static class LocalEnergyMeters
{
    /// <summary>
    /// The RAPL package domain of the host CPU, or null when the machine has none (then the CPU's
    /// energy is modelled and labelled so). The package domain counts the whole socket, uncore included.
    /// </summary>
    public static IEnergyMeter? ForHostCpu(IEnumerable<DiscoveredDevice> devices, ProbeOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var package = devices.FirstOrDefault(d =>
            d.Category == DeviceCategory.EnergySource
            && d.Properties.GetValueOrDefault(DeviceProperties.Meter) == "rapl"
            && d.Product.StartsWith("package", StringComparison.Ordinal));
        return package is null ? null : EnergyMeterFactory.Create(package, options, timeProvider);
    }
}
