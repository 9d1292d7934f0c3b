using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>PCI vendor and device ids of accelerators, and the class codes that mark accelerator-relevant devices.</summary>
public static class PciIds
{
    private const string Xilinx = "AMD Xilinx";
    private const string Intel = "Intel";
    private const string Nvidia = "NVIDIA";
    private const string Habana = "Habana Labs (Intel)";

    // Vendor ids: the PCI ID Repository (pci.ids) and Linux include/linux/pci_ids.h.
    private static readonly Dictionary<int, string> Vendors = new()
    {
        [0x1002] = "AMD (ATI)",
        [0x1022] = "AMD",
        [0x10de] = Nvidia,
        [0x10ee] = Xilinx,
        [0x1172] = "Intel (Altera)",
        [0x17cb] = "Qualcomm",
        [0x1a03] = "ASPEED",
        [0x1ac1] = "Global Unichip Corp. (Google Coral)",
        [0x1da3] = Habana,
        [0x1e60] = "Hailo",
        [0x8086] = Intel,
    };

    // Device ids, each with its source:
    //   Alveo: Xilinx XRT xocl driver, devices.h (management function; the user function is the next id; 0xdNNN are
    //          the factory "golden" images); Intel PAC: Linux drivers/fpga/dfl-pci.c; Hailo-8: pci.ids and the
    //          hailort-drivers PCIe driver; Coral Edge TPU: Linux drivers/staging/gasket/apex_driver.c (APEX_PCI_*_ID);
    //          Habana: Linux drivers/accel/habanalabs (include/hw_ip/pci/pci_general.h, enum hl_pci_ids);
    //          Qualcomm Cloud AI 100: Linux drivers/accel/qaic (PCI_DEV_AIC100); NVIDIA data-centre GPUs: pci.ids.
    private static readonly Dictionary<(int Vendor, int Device), KnownDevice> Devices = new()
    {
        [(0x10ee, 0x5000)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U200 (management)"),
        [(0x10ee, 0x5001)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U200"),
        [(0x10ee, 0x5004)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U250 (management)"),
        [(0x10ee, 0x5005)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U250"),
        [(0x10ee, 0x500c)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U280 (management)"),
        [(0x10ee, 0x500d)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U280"),
        [(0x10ee, 0x5020)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U50 (management)"),
        [(0x10ee, 0x5021)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U50"),
        [(0x10ee, 0xd000)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U200 (golden image)"),
        [(0x10ee, 0xd004)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U250 (golden image)"),
        [(0x10ee, 0xd00c)] = new(DeviceCategory.Fpga, Xilinx, "Alveo U280 (golden image)"),
        [(0x8086, 0x09c4)] = new(DeviceCategory.Fpga, Intel, "Programmable Acceleration Card with Arria 10 GX FPGA"),
        [(0x8086, 0x0b2b)] = new(DeviceCategory.Fpga, Intel, "FPGA PAC D5005 (Stratix 10 SX)"),
        [(0x8086, 0x0b30)] = new(DeviceCategory.Fpga, Intel, "FPGA PAC N3000"),
        [(0x1e60, 0x2864)] = new(DeviceCategory.Asic, "Hailo", "Hailo-8 AI Processor"),
        [(0x1ac1, 0x089a)] = new(DeviceCategory.Asic, "Google", "Coral Edge TPU (PCIe/M.2)"),
        [(0x1da3, 0x0001)] = new(DeviceCategory.Asic, Habana, "Goya HL-1000"),
        [(0x1da3, 0x1000)] = new(DeviceCategory.Asic, Habana, "Gaudi HL-2000"),
        [(0x1da3, 0x1020)] = new(DeviceCategory.Asic, Habana, "Gaudi2"),
        [(0x17cb, 0xa100)] = new(DeviceCategory.Asic, "Qualcomm", "Cloud AI 100"),
        [(0x10de, 0x1eb8)] = new(DeviceCategory.Gpu, Nvidia, "Tesla T4"),
        [(0x10de, 0x20b0)] = new(DeviceCategory.Gpu, Nvidia, "A100 SXM4 40GB"),
        [(0x10de, 0x20f1)] = new(DeviceCategory.Gpu, Nvidia, "A100 PCIe 40GB"),
        [(0x10de, 0x2330)] = new(DeviceCategory.Gpu, Nvidia, "H100 SXM5 80GB"),
        [(0x10de, 0x2331)] = new(DeviceCategory.Gpu, Nvidia, "H100 PCIe"),
        [(0x10de, 0x27b8)] = new(DeviceCategory.Gpu, Nvidia, "L4"),
    };

    // Vendors whose display-class devices compute (ASPEED and other BMC display chips do not).
    private static readonly HashSet<int> GpuVendors = [0x10de, 0x1002, 0x8086];

    /// <summary>
    /// Classifies a PCI function, or returns null when it is neither a known accelerator nor in an
    /// accelerator-relevant class (display 0x03, processing accelerator 0x12, co-processor 0x0b40; PCI Code and
    /// ID Assignment Specification). Relevant functions no table knows are <see cref="DeviceCategory.Unknown"/>.
    /// </summary>
    public static KnownDevice? Classify(int vendor, int device, int classCode)
    {
        if (Devices.TryGetValue((vendor, device), out var known))
        {
            return known;
        }

        var vendorName = VendorName(vendor);
        var product = $"device 0x{device:x4}";
        var baseClass = classCode >> 16;
        if (baseClass == 0x03 && GpuVendors.Contains(vendor))
        {
            return new KnownDevice(DeviceCategory.Gpu, vendorName, product);
        }

        return baseClass == 0x03 || baseClass == 0x12 || classCode >> 8 == 0x0b40
            ? new KnownDevice(DeviceCategory.Unknown, vendorName, product)
            : null;
    }

    /// <summary>The vendor's name, or its id as <c>0xNNNN</c> when unknown.</summary>
    public static string VendorName(int vendor) => Vendors.TryGetValue(vendor, out var name) ? name : $"0x{vendor:x4}";
}
