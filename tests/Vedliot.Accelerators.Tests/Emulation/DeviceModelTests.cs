using Vedliot.Accelerators.Emulation;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Workload;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.Emulation;

public class DeviceModelTests
{
    private static GraphNode AnyNode() => new(0, "n", "Conv", string.Empty, [], [], [], new Onnx.NodeProto());

    private static PartitionWorkload Work(double operations, long bytes) => new([(AnyNode(), new NodeWorkload(operations, bytes, 0))]);

    [Fact]
    public void Compute_bound_work_takes_operations_over_peak_plus_the_call_overhead()
    {
        var model = new DeviceModel(TestModules.Emulated());

        // 1e9 operations at 1e12 ops/s = 1 ms; 1 kB at 10 GB/s is negligible.
        Assert.Equal(1.5, model.Latency(Work(1e9, 1000)).TotalMilliseconds, 6);
    }

    [Fact]
    public void Memory_bound_work_takes_bytes_over_bandwidth()
    {
        var model = new DeviceModel(TestModules.Emulated());

        // 1e8 bytes at 10 GB/s = 10 ms, more than 1e6 operations take.
        Assert.Equal(10.5, model.Latency(Work(1e6, 100_000_000)).TotalMilliseconds, 6);
    }

    [Fact]
    public void Doubling_the_work_doubles_the_modelled_time_beyond_the_overhead()
    {
        var model = new DeviceModel(TestModules.Emulated());

        var once = model.Latency(Work(3e9, 1_000_000)).TotalMilliseconds - 0.5;
        var twice = model.Latency(Work(6e9, 2_000_000)).TotalMilliseconds - 0.5;

        Assert.Equal(2 * once, twice, 6);
    }

    [Fact]
    public void Energy_is_active_power_over_the_modelled_time()
    {
        var model = new DeviceModel(TestModules.Emulated());

        Assert.Equal(10 * 0.004, model.EnergyJoules(TimeSpan.FromMilliseconds(4)), 9);
    }

    [Fact]
    public void An_int8_only_module_computes_a_float_partition_after_quantization_with_quarter_width_bytes()
    {
        var model = new DeviceModel(TestModules.Emulated(precisions: Precision.Int8));

        Assert.Equal(Precision.Int8, model.EffectivePrecision);
        Assert.Equal(2.5 + 0.5, model.Latency(Work(1e6, 100_000_000)).TotalMilliseconds, 6);
    }
}
