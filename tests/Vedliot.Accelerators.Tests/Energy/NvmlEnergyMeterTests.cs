using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using Vedliot.Accelerators.Energy;

namespace Vedliot.Accelerators.Tests.Energy;

public sealed class NvmlEnergyMeterTests
{
    [Fact]
    public void Without_the_nvidia_driver_the_meter_is_clearly_not_available()
    {
        var driverPresent = NativeLibrary.TryLoad("libnvidia-ml.so.1", out var library);
        if (driverPresent)
        {
            NativeLibrary.Free(library);
        }

        var opened = NvmlEnergyMeter.TryOpen(0, new FakeTimeProvider(), out var meter, out var failure);
        using (meter)
        {
            if (driverPresent)
            {
                // On a GPU machine: a reading named after its GPU, or NVML's own reason (e.g. a GPU older than Volta).
                Runtime.Energy.EnergyReading? reading = null;
                var read = opened && meter!.TryRead(out reading, out failure);
                Assert.True(read ? reading!.Source == "nvml:gpu0" : failure!.StartsWith("NVML ", StringComparison.Ordinal), failure);
            }
            else
            {
                Assert.False(opened);
                Assert.StartsWith("NVML is not available: libnvidia-ml.so.1 cannot be loaded", failure, StringComparison.Ordinal);
            }
        }
    }
}
