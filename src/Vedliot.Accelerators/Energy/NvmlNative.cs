using System.Runtime.InteropServices;

namespace Vedliot.Accelerators.Energy;

/// <summary>The NVIDIA Management Library functions the NVML meter calls (nvml.h; every function returns an nvmlReturn_t, 0 = success).</summary>
internal static class NvmlNative
{
    /// <summary>The library as the NVIDIA driver installs it.</summary>
    public const string Library = "libnvidia-ml.so.1";

    [DllImport(Library, EntryPoint = "nvmlInit_v2", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Init();

    [DllImport(Library, EntryPoint = "nvmlShutdown", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Shutdown();

    /// <remarks>The device handle belongs to NVML and is valid until the last shutdown; it is never freed.</remarks>
    [DllImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int DeviceGetHandleByIndex(uint index, out IntPtr device);

    /// <remarks>Millijoules since the driver was last loaded; Volta and newer GPUs.</remarks>
    [DllImport(Library, EntryPoint = "nvmlDeviceGetTotalEnergyConsumption", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int DeviceGetTotalEnergyConsumption(IntPtr device, out ulong energyMillijoules);

    /// <remarks>Returns a static string owned by NVML.</remarks>
    [DllImport(Library, EntryPoint = "nvmlErrorString", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern IntPtr ErrorString(int result);

    /// <summary>The one throw gate for NVML status codes.</summary>
    /// <exception cref="NvmlException">The status is not success.</exception>
    public static void Check(int status, string function)
    {
        if (status != 0)
        {
            throw new NvmlException(function, status, Marshal.PtrToStringUTF8(ErrorString(status)) ?? "unknown error");
        }
    }
}
