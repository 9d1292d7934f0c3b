using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Energy;

namespace Vedliot.Accelerators.Energy;

/// <summary>Creates the meter that reads an energy source the <see cref="EnergySourceProbe"/> found.</summary>
public static class EnergyMeterFactory
{
    /// <summary>The meter for <paramref name="source"/>, reading below the same root the probe read.</summary>
    /// <exception cref="ArgumentException">The device is not an energy source found by <see cref="EnergySourceProbe"/>.</exception>
    public static IEnergyMeter Create(DiscoveredDevice source, ProbeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Category != DeviceCategory.EnergySource
            || !source.Properties.TryGetValue(DeviceProperties.Meter, out var meter)
            || !source.Properties.TryGetValue(DeviceProperties.MeterPath, out var path))
        {
            throw new ArgumentException($"{source.Id} is not an energy source found by the energy probe", nameof(source));
        }

        return meter switch
        {
            "rapl" => new RaplEnergyMeter(path, options, time),
            "hwmon" when source.Properties.TryGetValue(DeviceProperties.Channel, out var channel) => new HwmonEnergyMeter(path, channel, options, time),
            _ => throw new ArgumentException($"{source.Id} names meter '{meter}', which Vedliot does not have", nameof(source)),
        };
    }
}
