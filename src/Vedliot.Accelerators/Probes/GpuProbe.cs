using System.Globalization;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds GPUs from DRM cards (<c>/sys/class/drm/cardN/device/{vendor,device,uevent}</c>), the NVIDIA driver's
/// <c>/proc/driver/nvidia/gpus/*/information</c>, and Jetson SoCs (<c>/proc/device-tree/compatible</c>).
/// A PCI GPU gets the id <c>pci:&lt;address&gt;</c>, as the PCI probe names it.
/// </summary>
public sealed class GpuProbe : SysfsProbe
{
    private const string DrmPath = "/sys/class/drm";
    private const string NvidiaGpusPath = "/proc/driver/nvidia/gpus";
    private const string DeviceTreePath = "/proc/device-tree";

    /// <summary>Creates the probe.</summary>
    public GpuProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "gpu";

    /// <inheritdoc />
    public override IReadOnlyList<DiscoveredDevice> Probe()
    {
        var found = new Dictionary<string, DiscoveredDevice>(StringComparer.Ordinal);
        foreach (var card in DrmCards())
        {
            found.TryAdd(card.Id, card);
        }

        foreach (var gpu in NvidiaGpus())
        {
            // The NVIDIA driver's model name is better than the id table's; keep the DRM card's facts beside it.
            found[gpu.Id] = found.TryGetValue(gpu.Id, out var card)
                ? gpu with { Properties = DevicePropertyMerge.Union(gpu.Properties, card.Properties) }
                : gpu;
        }

        if (Jetson() is { } jetson)
        {
            found[jetson.Id] = jetson;
        }

        return found.Values.ToList();
    }

    // Only PCI GPUs: an SoC's display controller shows up as a DRM card without PCI ids and computes nothing.
    private IEnumerable<DiscoveredDevice> DrmCards()
    {
        foreach (var card in Tree.Subdirectories(DrmPath, "card*").Where(IsCard))
        {
            var vendor = Tree.TryReadHex($"{card}/device/vendor");
            var device = Tree.TryReadHex($"{card}/device/device");
            var uevent = Tree.ReadUevent($"{card}/device/uevent");
            if (vendor is null || device is null || !uevent.TryGetValue("PCI_SLOT_NAME", out var address))
            {
                continue;
            }

            var known = PciIds.Classify(vendor.Value, device.Value, 0x030000);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DeviceProperties.VendorId] = vendor.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.DeviceId] = device.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.PciAddress] = address,
            };
            if (uevent.TryGetValue("DRIVER", out var driver))
            {
                properties[DeviceProperties.Driver] = driver;
            }

            yield return new DiscoveredDevice($"pci:{address}", known!.Category, known.Vendor, known.Product, card, properties);
        }
    }

    // "card0" is a card; "card0-HDMI-A-1" is one of its connectors.
    private static bool IsCard(string path) => Path.GetFileName(path)[4..] is { Length: > 0 } number && number.All(char.IsAsciiDigit);

    private IEnumerable<DiscoveredDevice> NvidiaGpus()
    {
        foreach (var folder in Tree.Subdirectories(NvidiaGpusPath, "*"))
        {
            var information = ParseInformation(Tree.TryReadText($"{folder}/information") ?? string.Empty);
            var address = information.TryGetValue("Bus Location", out var location) ? location.ToLowerInvariant() : Path.GetFileName(folder);
            var model = information.TryGetValue("Model", out var name) ? name : "NVIDIA GPU";
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DeviceProperties.PciAddress] = address,
                [DeviceProperties.Driver] = "nvidia",
            };
            foreach (var (key, property) in new[] { ("GPU UUID", DeviceProperties.GpuUuid), ("Video BIOS", DeviceProperties.VideoBios) })
            {
                if (information.TryGetValue(key, out var value))
                {
                    properties[property] = value;
                }
            }

            yield return new DiscoveredDevice($"pci:{address}", DeviceCategory.Gpu, "NVIDIA", model, $"{folder}/information", properties);
        }
    }

    // The file holds "Key: value" lines (e.g. "Model: \t Tesla T4", "Bus Location: \t 0000:00:1e.0").
    private static Dictionary<string, string> ParseInformation(string text) =>
        text.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Length > 0)
            .GroupBy(parts => parts[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

    private DiscoveredDevice? Jetson()
    {
        var compatible = Tree.ReadStringList($"{DeviceTreePath}/compatible");
        if (JetsonModules.FromCompatible(compatible) is not { } jetson)
        {
            return null;
        }

        var model = Tree.ReadStringList($"{DeviceTreePath}/model");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeviceProperties.Soc] = jetson.Soc,
            [DeviceProperties.Compatible] = string.Join(',', compatible),
        };
        if (model.Count > 0)
        {
            properties[DeviceProperties.Board] = model[0];
        }

        return new DiscoveredDevice($"soc:{jetson.Soc}:gpu", DeviceCategory.Gpu, jetson.Gpu.Vendor, jetson.Gpu.Product, $"{DeviceTreePath}/compatible", properties);
    }
}
