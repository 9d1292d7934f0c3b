using System.Runtime.InteropServices;

namespace Vedliot.UseCases.Automotive.Frames.V4l2;

/// <summary>
/// The libc calls and V4L2 ioctls (linux/videodev2.h, 64-bit layouts) the camera reader needs. Structures are passed
/// as byte arrays laid out as the kernel's, so no struct marshalling is involved; every failing call goes through
/// <see cref="Check"/>, which turns errno into a <see cref="FrameException"/> naming the device and the call.
/// </summary>
internal static class V4l2Native
{
    public const int OpenReadWrite = 0x2;
    public const int OpenNonBlocking = 0x800;
    public const int ProtReadWrite = 0x3;
    public const int MapShared = 0x1;
    public const short PollIn = 0x1;
    public const int ErrnoNoEntry = 2;
    public const int ErrnoInterrupted = 4;
    public const int ErrnoAgain = 11;

    // _IOR('V', 0, struct v4l2_capability /* 104 bytes */)
    public const uint QueryCapability = 0x80685600;

    // _IOWR('V', 5, struct v4l2_format /* 208 bytes */)
    public const uint SetFormat = 0xC0D05605;

    // _IOWR('V', 8, struct v4l2_requestbuffers /* 20 bytes */)
    public const uint RequestBuffers = 0xC0145608;

    // _IOWR('V', 9 / 15 / 17, struct v4l2_buffer /* 88 bytes */)
    public const uint QueryBuffer = 0xC0585609;
    public const uint QueueBuffer = 0xC058560F;
    public const uint DequeueBuffer = 0xC0585611;

    // _IOW('V', 18 / 19, int)
    public const uint StreamOn = 0x40045612;
    public const uint StreamOff = 0x40045613;

    public const uint CapabilityVideoCapture = 0x00000001;
    public const uint CapabilityStreaming = 0x04000000;
    public const uint CapabilityDeviceCaps = 0x80000000;
    public const uint BufferTypeVideoCapture = 1;
    public const uint MemoryMmap = 1;

    /// <summary>'RGB3': packed 8-bit red, green, blue.</summary>
    public const uint PixelFormatRgb24 = 0x33424752;

    /// <summary>'YUYV': packed 4:2:2, Y0 U Y1 V per two pixels.</summary>
    public const uint PixelFormatYuyv = 0x56595559;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Ioctl(V4l2DeviceHandle fd, nuint request, [In, Out] byte[] argument);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Poll([In, Out] byte[] fds, nuint count, int timeoutMs);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint Map(nint address, nuint length, int protection, int flags, V4l2DeviceHandle fd, long offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Unmap(nint address, nuint length);

    /// <summary>The one throw gate: a negative result becomes an error naming the device, the call and errno.</summary>
    public static int Check(int result, string device, string call) =>
        result >= 0 ? result : throw Failure(device, call, Marshal.GetLastPInvokeError());

    /// <summary>The error of a failed call.</summary>
    public static FrameException Failure(string device, string call, int errno) =>
        new($"{device}: {call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
