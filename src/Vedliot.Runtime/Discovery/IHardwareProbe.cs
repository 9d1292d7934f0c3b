namespace Vedliot.Runtime.Discovery;

/// <summary>
/// Finds devices of one kind on this machine by reading Linux interfaces (sysfs, procfs, /dev). Probes
/// only read; a missing interface means no devices of that kind, and an unreadable one is reported.
/// </summary>
public interface IHardwareProbe
{
    /// <summary>The probe's name, e.g. <c>pci</c>.</summary>
    string Name { get; }

    /// <summary>Reads the interfaces and returns what they show.</summary>
    IReadOnlyList<DiscoveredDevice> Probe();
}
