using System.Runtime.InteropServices;

namespace Vedliot.Accelerators.Energy;

/// <summary>One reference on the NVML library: taken by <c>nvmlInit_v2</c>, released by <c>nvmlShutdown</c> (NVML counts them).</summary>
internal sealed class NvmlSessionHandle : SafeHandle
{
    public NvmlSessionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Initialises NVML.</summary>
    /// <exception cref="DllNotFoundException">The library is not installed.</exception>
    /// <exception cref="NvmlException">NVML failed to initialise (e.g. no driver loaded).</exception>
    public static NvmlSessionHandle Open()
    {
        NvmlNative.Check(NvmlNative.Init(), "nvmlInit_v2");
        var session = new NvmlSessionHandle();
        session.SetHandle(1); // NVML has no session pointer; a non-zero value marks the reference as taken.
        return session;
    }

    protected override bool ReleaseHandle() => NvmlNative.Shutdown() == 0;
}
