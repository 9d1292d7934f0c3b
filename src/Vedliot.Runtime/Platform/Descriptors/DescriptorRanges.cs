using Vedliot.Runtime.Yaml;

namespace Vedliot.Runtime.Platform.Descriptors;

/// <summary>
/// The range of every number a platform descriptor holds (documented in <c>platforms/README.md</c>). Each
/// range spans real hardware with a wide margin and keeps every figure computed from it finite: the device
/// model's latency (a <see cref="TimeSpan"/>, at most about 9.2e14 ms) stays in range for any block of up
/// to 9e15 operations, memory in bytes fits a <see cref="long"/>, and link transfer times stay finite.
/// </summary>
internal static class DescriptorRanges
{
    /// <summary>1e6 to 1e18 ops/s: from below a microcontroller to a hundred times the largest single accelerator today (a few 1e15 int8 ops/s).</summary>
    public static readonly NumberRange PeakOpsPerSecond = new(1e6, 1e18, "ops/s");

    /// <summary>0.01 to 1: below 1% of peak a datasheet peak says nothing about the module; (peak x efficiency) stays at least 1e4 ops/s.</summary>
    public static readonly NumberRange Efficiency = new(0.01, 1, "(fraction of peak)");

    /// <summary>1/1024 GiB (1 MiB, below the Coral Edge TPU's 8 MiB) to 65,536 GiB (64 TiB); in bytes at most 7e13, well inside a long.</summary>
    public static readonly NumberRange CapacityGib = new(1.0 / 1024, 65536, "GiB");

    /// <summary>0.001 to 100,000 GB/s: from 1 MB/s to 30x an HBM3 accelerator's 3.35 TB/s.</summary>
    public static readonly NumberRange MemoryBandwidthGbPerS = new(0.001, 100_000, "GB/s");

    /// <summary>0 to 10,000 W idle: a module, not a data centre.</summary>
    public static readonly NumberRange IdleWatts = new(0, 10_000, "W");

    /// <summary>Above 0 to 10,000 W active (and at least the idle power).</summary>
    public static readonly NumberRange ActiveWatts = new(0, 10_000, "W", MinimumExclusive: true);

    /// <summary>0 to 60,000 ms: a fixed cost per call of up to a minute.</summary>
    public static readonly NumberRange CallOverheadMs = new(0, 60_000, "ms");

    /// <summary>0.001 to 100,000 Gbit/s: from 1 Mbit/s to 100 Tbit/s.</summary>
    public static readonly NumberRange LinkBandwidthGbitPerS = new(0.001, 100_000, "Gbit/s");

    /// <summary>0 to 10,000,000 µs (10 s) per transfer.</summary>
    public static readonly NumberRange LinkLatencyUs = new(0, 10_000_000, "µs");

    /// <summary>0 to 100,000 pJ/bit: optical and SerDes links spend a few pJ/bit, USB and Ethernet stacks up to a few hundred.</summary>
    public static readonly NumberRange LinkEnergyPjPerBit = new(0, 100_000, "pJ/bit");

    /// <summary>0 to 1,000 W of extra draw while a link is busy.</summary>
    public static readonly NumberRange LinkBusyWatts = new(0, 1_000, "W");
}
