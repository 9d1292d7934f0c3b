using Microsoft.Win32.SafeHandles;

namespace Vedliot.UseCases.Automotive.Frames.V4l2;

/// <summary>An open video device's file descriptor; closing the handle closes it.</summary>
internal sealed class V4l2DeviceHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
    public V4l2DeviceHandle(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc />
    protected override bool ReleaseHandle() => V4l2Native.Close((int)handle) == 0;
}
