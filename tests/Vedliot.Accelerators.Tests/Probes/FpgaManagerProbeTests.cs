using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class FpgaManagerProbeTests
{
    [Fact]
    public void ZynqMP_fpga_manager_is_found_with_state_and_board()
    {
        var fpga = Assert.Single(new FpgaManagerProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture("zynqmp-zcu102") }).Probe());

        Assert.Equal(("fpga_manager:fpga0", DeviceCategory.Fpga, "AMD Xilinx", "Xilinx ZynqMP FPGA Manager"), (fpga.Id, fpga.Category, fpga.Vendor, fpga.Product));
        Assert.Equal("operating", fpga.Properties[DeviceProperties.State]);
        Assert.StartsWith("xlnx,zynqmp-zcu102-rev1.0,", fpga.Properties[DeviceProperties.Compatible], StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_without_fpga_manager_has_none()
    {
        Assert.Empty(new FpgaManagerProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture("x86-server-t4") }).Probe());
    }
}
