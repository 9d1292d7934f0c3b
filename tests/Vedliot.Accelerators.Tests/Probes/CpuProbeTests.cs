using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class CpuProbeTests
{
    private static DiscoveredDevice SinglePackage(string fixture) =>
        Assert.Single(new CpuProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) }).Probe());

    [Fact]
    public void Xeon_server_reports_model_cores_threads_frequency_and_avx512()
    {
        var cpu = SinglePackage("x86-server-t4");

        Assert.Equal(("cpu:0", DeviceCategory.Cpu, "Intel"), (cpu.Id, cpu.Category, cpu.Vendor));
        Assert.Equal("Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz", cpu.Product);
        Assert.Equal("x86", cpu.Properties[DeviceProperties.Architecture]);
        Assert.Equal("20", cpu.Properties[DeviceProperties.Threads]);
        Assert.Equal("10", cpu.Properties[DeviceProperties.Cores]);
        Assert.Equal("3200", cpu.Properties[DeviceProperties.MaxFrequencyMhz]);
        Assert.Equal("AVX,FMA,F16C,AVX2,AVX-512F,AVX-512BW,AVX-512VL,AVX-512 VNNI", cpu.Properties[DeviceProperties.Isa]);
    }

    [Fact]
    public void Ryzen_has_avx2_but_no_avx512()
    {
        var cpu = SinglePackage("pc-hailo-coral");

        Assert.Equal("AMD", cpu.Vendor);
        Assert.Equal("8", cpu.Properties[DeviceProperties.Cores]);
        Assert.Contains("AVX2", cpu.Properties[DeviceProperties.Isa].Split(','));
        Assert.DoesNotContain("AVX-512", cpu.Properties[DeviceProperties.Isa], StringComparison.Ordinal);
    }

    [Fact]
    public void Jetson_cpuinfo_without_model_name_is_named_by_cpu_part()
    {
        var cpu = SinglePackage("jetson-xavier-nx");

        Assert.Equal(("NVIDIA", "NVIDIA Carmel"), (cpu.Vendor, cpu.Product));
        Assert.Equal("arm", cpu.Properties[DeviceProperties.Architecture]);
        Assert.Equal("6", cpu.Properties[DeviceProperties.Cores]);
        Assert.Equal("1907", cpu.Properties[DeviceProperties.MaxFrequencyMhz]);
        Assert.Equal("NEON,NEON FP16", cpu.Properties[DeviceProperties.Isa]);
    }

    [Fact]
    public void ZynqMP_reports_four_cortex_a53_cores_with_neon()
    {
        var cpu = SinglePackage("zynqmp-zcu102");

        Assert.Equal(("Arm", "Arm Cortex-A53"), (cpu.Vendor, cpu.Product));
        Assert.Equal("4", cpu.Properties[DeviceProperties.Cores]);
        Assert.Equal("1199", cpu.Properties[DeviceProperties.MaxFrequencyMhz]);
        Assert.Equal("NEON", cpu.Properties[DeviceProperties.Isa]);
    }

    [Fact]
    public void Two_sockets_are_two_packages()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("proc"));
        File.WriteAllText(root.File("proc/cpuinfo"), "processor\t: 0\nphysical id\t: 0\ncore id\t: 0\nflags\t: avx2\n\nprocessor\t: 1\nphysical id\t: 1\ncore id\t: 0\nflags\t: avx2\n");

        var packages = new CpuProbe(new ProbeOptions { Root = root.Path }).Probe();

        Assert.Equal(["cpu:0", "cpu:1"], packages.Select(p => p.Id));
        Assert.All(packages, p => Assert.False(p.Properties.ContainsKey(DeviceProperties.MaxFrequencyMhz)));
    }

    [Fact]
    public void Missing_cpuinfo_means_no_cpu_found()
    {
        using var root = new TempDirectory();

        Assert.Empty(new CpuProbe(new ProbeOptions { Root = root.Path }).Probe());
    }

    [Fact]
    public void Garbled_cpuinfo_is_a_typed_error_naming_file_and_line()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("proc"));
        File.WriteAllText(root.File("proc/cpuinfo"), "processor\t: 0\nthis line has no separator\n");

        var error = Assert.Throws<CpuInfoFormatException>(() => new CpuProbe(new ProbeOptions { Root = root.Path }).Probe());

        Assert.Equal(2, error.Line);
        Assert.Contains(root.File("proc/cpuinfo"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbled_cpufreq_file_is_a_typed_error_naming_it()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("proc"));
        Directory.CreateDirectory(root.File("sys/devices/system/cpu/cpu0/cpufreq"));
        File.WriteAllText(root.File("proc/cpuinfo"), "processor\t: 0\nFeatures\t: fp asimd\n");
        File.WriteAllText(root.File("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"), "fast\n");

        var error = Assert.Throws<SysfsReadException>(() => new CpuProbe(new ProbeOptions { Root = root.Path }).Probe());

        Assert.Equal(root.File("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"), error.Path);
    }
}
