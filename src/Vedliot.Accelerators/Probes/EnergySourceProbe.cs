using Vedliot.Accelerators.Energy;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds power and energy sensors: RAPL zones and subzones in <c>/sys/class/powercap/intel-rapl:*</c>
/// (Documentation/power/powercap/powercap.rst) and hwmon channels in <c>/sys/class/hwmon/hwmonN</c>
/// (Documentation/hwmon/sysfs-interface.rst): <c>powerN_input</c>, <c>energyN_input</c>, and voltage/current
/// pairs <c>inN_input</c> + <c>currN_input</c> as INA3221 monitors on Jetson boards expose them.
/// </summary>
public sealed class EnergySourceProbe : SysfsProbe
{
    private const string PowercapPath = "/sys/class/powercap";
    private const string HwmonPath = "/sys/class/hwmon";

    /// <summary>Creates the probe.</summary>
    public EnergySourceProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "energy";

    /// <inheritdoc />
    public override IReadOnlyList<DiscoveredDevice> Probe() => [.. RaplZones(), .. HwmonChannels()];

    private IEnumerable<DiscoveredDevice> RaplZones()
    {
        foreach (var zone in Tree.Subdirectories(PowercapPath, "intel-rapl:*"))
        {
            if (!Tree.Exists($"{zone}/energy_uj"))
            {
                continue;
            }

            var name = Tree.TryReadAttribute($"{zone}/name") ?? Path.GetFileName(zone);
            yield return new DiscoveredDevice($"rapl:{Path.GetFileName(zone)}", DeviceCategory.EnergySource, "RAPL", name, zone, MeterProperties("rapl", zone, channel: null));
        }
    }

    private IEnumerable<DiscoveredDevice> HwmonChannels()
    {
        foreach (var hwmon in Tree.Subdirectories(HwmonPath, "hwmon*"))
        {
            var chip = Tree.TryReadAttribute($"{hwmon}/name") ?? Path.GetFileName(hwmon);
            var files = Tree.FileNames(hwmon, "*_input").ToHashSet(StringComparer.Ordinal);
            var channels = files.Select(ChannelOf).OfType<string>().ToList();
            var measuresPower = channels.Any(c => !c.StartsWith("in", StringComparison.Ordinal));
            foreach (var channel in channels.Where(c => IsEnergyChannel(c, files, measuresPower)).Order(StringComparer.Ordinal))
            {
                var label = Tree.TryReadAttribute($"{hwmon}/{channel}_label") ?? channel;
                yield return new DiscoveredDevice(
                    $"hwmon:{Path.GetFileName(hwmon)}:{channel}", DeviceCategory.EnergySource, chip, label, hwmon, MeterProperties("hwmon", hwmon, channel));
            }
        }
    }

    private static string? ChannelOf(string inputFile) =>
        inputFile[..^"_input".Length] is var channel && HwmonEnergyMeter.CanMeter(channel) ? channel : null;

    // A voltage channel counts only with the current channel of the same number beside it, and only on chips
    // without power channels (an INA226 reports power1 and also in1/curr1 of the same rail).
    private static bool IsEnergyChannel(string channel, HashSet<string> inputFiles, bool measuresPower) =>
        !channel.StartsWith("in", StringComparison.Ordinal) || (!measuresPower && inputFiles.Contains($"curr{channel[2..]}_input"));

    private static Dictionary<string, string> MeterProperties(string meter, string path, string? channel)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeviceProperties.Meter] = meter,
            [DeviceProperties.MeterPath] = path,
        };
        if (channel is not null)
        {
            properties[DeviceProperties.Channel] = channel;
        }

        return properties;
    }
}
