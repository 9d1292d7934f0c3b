using System.Globalization;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Discovery;

/// <summary>
/// Turns what the local probes found into modules that can run partitions here: the host CPU (ONNX
/// Runtime's CPU provider) and NVIDIA GPUs (its CUDA provider). Their peak throughput is derived from
/// the probed core count, frequency and vector width; their latency is always measured, never modelled.
/// </summary>
public static class LocalModules
{
    /// <summary>
    /// Power of one CPU core under load when no meter says otherwise (ASSUMPTION: between a server
    /// core's share of TDP, about 3 W, and a desktop core's, about 10 W). Energy computed from it is
    /// labelled as modelled.
    /// </summary>
    public const double AssumedWattsPerCore = 5;

    /// <summary>The modules among <paramref name="devices"/>; other devices stay listed as devices only.</summary>
    public static IReadOnlyList<Module> FromDevices(IEnumerable<DiscoveredDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var modules = new List<Module>();
        foreach (var device in devices)
        {
            switch (device.Category)
            {
                case DeviceCategory.Cpu:
                    modules.Add(Cpu(device, modules.Count(m => m.Kind == ModuleKind.Cpu)));
                    break;
                case DeviceCategory.Gpu when device.Vendor.Contains("NVIDIA", StringComparison.OrdinalIgnoreCase):
                    modules.Add(NvidiaGpu(device, modules.Count(m => m.Kind == ModuleKind.Gpu)));
                    break;
            }
        }

        return modules;
    }

    private static Module Cpu(DiscoveredDevice device, int index)
    {
        var cores = Number(device, DeviceProperties.Cores, 1);
        var megahertz = Number(device, DeviceProperties.MaxFrequencyMhz, 0);
        var isa = device.Properties.GetValueOrDefault(DeviceProperties.Isa, string.Empty).Split(',');
        var fp32 = cores * megahertz * 1e6 * Fp32FlopsPerCycle(isa);
        var peak = new Dictionary<Precision, double>();
        if (fp32 > 0)
        {
            peak[Precision.Fp32] = fp32;
        }

        return new Module(
            $"local-cpu{index}",
            ModuleKind.Cpu,
            device.Vendor,
            device.Product,
            peak,
            new MemorySpec((long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, 0),
            OperatorSupport.All(Precision.Fp32, Precision.Int8),
            new PowerModel(0, cores * AssumedWattsPerCore),
            0,
            1,
            "onnxruntime:CPU",
            Presence.Present,
            null,
            device.Properties);
    }

    private static Module NvidiaGpu(DiscoveredDevice device, int index) => new(
        $"local-gpu{index}",
        ModuleKind.Gpu,
        device.Vendor,
        device.Product,
        new Dictionary<Precision, double>(),
        new MemorySpec(0, 0),
        OperatorSupport.All(Precision.Fp32, Precision.Fp16, Precision.Int8),
        new PowerModel(0, 0),
        0,
        1,
        "onnxruntime:CUDA",
        Presence.Present,
        null,
        device.Properties);

    // FLOPs per cycle per core: fused multiply-add (2) x float32 lanes x two vector pipes, by the widest ISA.
    private static double Fp32FlopsPerCycle(string[] isa) =>
        isa.Contains("AVX-512F") ? 64
        : isa.Contains("AVX2") && isa.Contains("FMA") ? 32
        : isa.Contains("AVX") ? 16
        : isa.Contains("NEON") ? 8
        : 2;

    private static double Number(DiscoveredDevice device, string property, double fallback) =>
        device.Properties.TryGetValue(property, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
