using Vedliot.Runtime;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Runs a set of probes and gathers what they find. A probe that meets an unreadable or garbled file is
/// reported in <see cref="DiscoveryReport.Diagnostics"/> and the others still run.
/// </summary>
public sealed class HardwareDiscovery
{
    private readonly IReadOnlyList<IHardwareProbe> _probes;

    /// <summary>Creates a discovery over <paramref name="probes"/>, run in this order.</summary>
    public HardwareDiscovery(IEnumerable<IHardwareProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        _probes = probes.ToList();
    }

    /// <summary>Every local probe Vedliot has: CPU, GPU, PCI, USB, FPGA manager and energy sources.</summary>
    public static HardwareDiscovery ForLinux(ProbeOptions options) =>
        new([new CpuProbe(options), new GpuProbe(options), new PciProbe(options), new UsbProbe(options), new FpgaManagerProbe(options), new EnergySourceProbe(options)]);

    /// <summary>Runs the probes.</summary>
    /// <remarks>
    /// A device two probes both see (a GPU through DRM and through PCI) is listed once: the first probe's
    /// names win, and properties only the later probe read are added.
    /// </remarks>
    public DiscoveryReport Run()
    {
        var devices = new List<DiscoveredDevice>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var diagnostics = new List<ProbeDiagnostic>();
        foreach (var probe in _probes)
        {
            IReadOnlyList<DiscoveredDevice> found;
            try
            {
                found = probe.Probe();
            }
            catch (VedliotException e)
            {
                diagnostics.Add(new ProbeDiagnostic(probe.Name, e.Message));
                continue;
            }

            foreach (var device in found)
            {
                if (byId.TryGetValue(device.Id, out var index))
                {
                    devices[index] = devices[index] with { Properties = DevicePropertyMerge.Union(devices[index].Properties, device.Properties) };
                }
                else
                {
                    byId[device.Id] = devices.Count;
                    devices.Add(device);
                }
            }
        }

        return new DiscoveryReport(devices, diagnostics);
    }
}
