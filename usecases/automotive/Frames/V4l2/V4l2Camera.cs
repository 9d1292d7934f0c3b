using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Vedliot.UseCases.Automotive.Ocr;
using static Vedliot.UseCases.Automotive.Frames.V4l2.V4l2Native;

namespace Vedliot.UseCases.Automotive.Frames.V4l2;

/// <summary>
/// A V4L2 camera (<c>/dev/video*</c>) read with memory-mapped streaming I/O, the I/O method capture drivers such as
/// uvcvideo offer: RGB24 is asked for, else YUYV (converted by <see cref="YuyvFrame"/>); other formats (MJPEG only,
/// planar) are refused naming what the camera offered. Where no camera exists, <see cref="Open"/> says so.
/// </summary>
public sealed class V4l2Camera : IDisposable
{
    private readonly string _device;
    private readonly V4l2DeviceHandle _handle;
    private readonly List<(nint Address, nuint Length)> _buffers = [];
    private readonly FrameLimits _limits;
    private bool _streaming;

    private V4l2Camera(string device, V4l2DeviceHandle handle, FrameLimits limits) => (_device, _handle, _limits) = (device, handle, limits);

    /// <summary>The frame width the driver chose.</summary>
    public int Width { get; private set; }

    /// <summary>The frame height the driver chose.</summary>
    public int Height { get; private set; }

    /// <summary>The pixel format the driver chose: <see cref="V4l2Native.PixelFormatRgb24"/> or <see cref="V4l2Native.PixelFormatYuyv"/>, as a FourCC.</summary>
    public string PixelFormat { get; private set; } = "";

    private int BytesPerLine { get; set; }

    private uint Format { get; set; }

    /// <summary>The video devices present, in name order (none on a machine without cameras).</summary>
    public static IReadOnlyList<string> Devices() =>
        Directory.Exists("/dev") ? [.. Directory.EnumerateFileSystemEntries("/dev", "video*").Order(StringComparer.Ordinal)] : [];

    /// <summary>Opens <paramref name="device"/>, sets its format near <paramref name="width"/> × <paramref name="height"/> and starts streaming.</summary>
    /// <param name="device">A V4L2 capture device, e.g. /dev/video0.</param>
    /// <param name="width">Width asked for (the driver may choose another).</param>
    /// <param name="height">Height asked for.</param>
    /// <param name="limits">Size limits for what the driver chooses.</param>
    /// <param name="bufferCount">Buffers asked for, 2–32.</param>
    /// <returns>The streaming camera.</returns>
    /// <exception cref="FrameException">No such device (the message lists those present), not a V4L2 capture device, no streaming I/O, no RGB24 or YUYV, or a call failed (the message names it and errno).</exception>
    public static V4l2Camera Open(string device, int width, int height, FrameLimits limits, int bufferCount = 4)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferCount, 32);
        limits.CheckSize(device, width, height);
        var fd = V4l2Native.Open(device, OpenReadWrite | OpenNonBlocking);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var present = Devices();
            throw errno == ErrnoNoEntry
                ? new FrameException($"{device}: no such camera; {(present.Count == 0 ? "this machine has no V4L2 device (/dev/video*)" : $"the V4L2 devices here are {string.Join(", ", present)}")}")
                : Failure(device, "open", errno);
        }

        var camera = new V4l2Camera(device, new V4l2DeviceHandle(fd), limits);
        try
        {
            camera.CheckCapabilities();
            camera.ChooseFormat(width, height);
            camera.MapBuffers(bufferCount);
            Check(Ioctl(camera._handle, StreamOn, TypeArgument()), device, "VIDIOC_STREAMON");
            camera._streaming = true;
            return camera;
        }
        catch
        {
            camera.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next frame and returns a copy of it. Blocks the calling thread for at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">Longest wait, 1 ms – 1 min.</param>
    /// <returns>The frame as RGB.</returns>
    /// <exception cref="FrameException">No frame within the timeout, or a call failed.</exception>
    public RgbImage Capture(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromMinutes(1));
        var pollfd = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(pollfd, (int)_handle.DangerousGetHandle());
        BinaryPrimitives.WriteInt16LittleEndian(pollfd.AsSpan(4), PollIn);
        var ready = Poll(pollfd, 1, (int)timeout.TotalMilliseconds);
        if (ready == 0)
        {
            throw new FrameException($"{_device}: no frame within {timeout.TotalMilliseconds} ms");
        }

        Check(ready, _device, "poll");
        var buffer = BufferArgument(0);
        Check(Ioctl(_handle, DequeueBuffer, buffer), _device, "VIDIOC_DQBUF");
        var index = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        var used = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8));
        var (address, length) = _buffers[index];
        var data = new byte[Math.Min(used, (int)length)];
        Marshal.Copy(address, data, 0, data.Length);
        Check(Ioctl(_handle, QueueBuffer, buffer), _device, "VIDIOC_QBUF");
        if (data.Length < BytesPerLine * Height)
        {
            throw new FrameException($"{_device}: a frame of {data.Length} bytes, short of {BytesPerLine} × {Height}");
        }

        return Format == PixelFormatYuyv ? YuyvFrame.ToRgb(data, Width, Height, BytesPerLine) : PackedRgb(data);
    }

    /// <summary>Stops streaming, unmaps the buffers and closes the device.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        if (_streaming)
        {
            _ = Ioctl(_handle, StreamOff, TypeArgument());
        }

        foreach (var (address, length) in _buffers)
        {
            _ = Unmap(address, length);
        }

        _buffers.Clear();
        _handle.Dispose();
    }

    private static byte[] TypeArgument()
    {
        var argument = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(argument, BufferTypeVideoCapture);
        return argument;
    }

    /// <summary>A struct v4l2_buffer (88 bytes) for buffer <paramref name="index"/>: index @0, type @4, memory @60.</summary>
    private static byte[] BufferArgument(int index)
    {
        var buffer = new byte[88];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, index);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), BufferTypeVideoCapture);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(60), MemoryMmap);
        return buffer;
    }

    private static string FourCc(uint code) => string.Concat(Enumerable.Range(0, 4).Select(i => (char)((code >> (8 * i)) & 0xFF)));

    /// <summary>struct v4l2_capability (104 bytes): capabilities @84, device_caps @88.</summary>
    private void CheckCapabilities()
    {
        var capability = new byte[104];
        if (Ioctl(_handle, QueryCapability, capability) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new FrameException($"{_device}: not a V4L2 device (VIDIOC_QUERYCAP: {Marshal.GetPInvokeErrorMessage(errno)})");
        }

        var all = BinaryPrimitives.ReadUInt32LittleEndian(capability.AsSpan(84));
        var caps = (all & CapabilityDeviceCaps) != 0 ? BinaryPrimitives.ReadUInt32LittleEndian(capability.AsSpan(88)) : all;
        if ((caps & CapabilityVideoCapture) == 0 || (caps & CapabilityStreaming) == 0)
        {
            throw new FrameException($"{_device}: not a video capture device with streaming I/O (capabilities 0x{caps:X8})");
        }
    }

    /// <summary>struct v4l2_format (208 bytes): type @0, then v4l2_pix_format @8: width, height, pixelformat, field, bytesperline, sizeimage.</summary>
    private void ChooseFormat(int width, int height)
    {
        var offered = new List<string>();
        foreach (var wanted in new[] { PixelFormatRgb24, PixelFormatYuyv })
        {
            var format = new byte[208];
            BinaryPrimitives.WriteUInt32LittleEndian(format, BufferTypeVideoCapture);
            BinaryPrimitives.WriteInt32LittleEndian(format.AsSpan(8), width);
            BinaryPrimitives.WriteInt32LittleEndian(format.AsSpan(12), height);
            BinaryPrimitives.WriteUInt32LittleEndian(format.AsSpan(16), wanted);
            Check(Ioctl(_handle, SetFormat, format), _device, "VIDIOC_S_FMT");
            var chosen = BinaryPrimitives.ReadUInt32LittleEndian(format.AsSpan(16));
            if (chosen != wanted)
            {
                offered.Add(FourCc(chosen));
                continue;
            }

            (Width, Height, Format, PixelFormat) = (BinaryPrimitives.ReadInt32LittleEndian(format.AsSpan(8)), BinaryPrimitives.ReadInt32LittleEndian(format.AsSpan(12)), chosen, FourCc(chosen));
            BytesPerLine = Math.Max(BinaryPrimitives.ReadInt32LittleEndian(format.AsSpan(24)), Width * (chosen == PixelFormatYuyv ? 2 : 3));
            _limits.CheckSize(_device, Width, Height);
            return;
        }

        throw new FrameException($"{_device}: offers neither RGB3 nor YUYV (it chose {string.Join(", ", offered.Distinct())}); this reader takes those two");
    }

    /// <summary>struct v4l2_requestbuffers (20 bytes): count @0, type @4, memory @8; then each buffer's offset @64 and length @72.</summary>
    private void MapBuffers(int count)
    {
        var request = new byte[20];
        BinaryPrimitives.WriteInt32LittleEndian(request, count);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), BufferTypeVideoCapture);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), MemoryMmap);
        Check(Ioctl(_handle, RequestBuffers, request), _device, "VIDIOC_REQBUFS");
        var granted = BinaryPrimitives.ReadInt32LittleEndian(request);
        if (granted < 1)
        {
            throw new FrameException($"{_device}: the driver granted no capture buffers");
        }

        for (var i = 0; i < granted; i++)
        {
            var buffer = BufferArgument(i);
            Check(Ioctl(_handle, QueryBuffer, buffer), _device, "VIDIOC_QUERYBUF");
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(64));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(72));
            var address = Map(0, length, ProtReadWrite, MapShared, _handle, offset);
            if (address == -1)
            {
                throw Failure(_device, "mmap", Marshal.GetLastPInvokeError());
            }

            _buffers.Add((address, length));
            Check(Ioctl(_handle, QueueBuffer, buffer), _device, "VIDIOC_QBUF");
        }
    }

    private RgbImage PackedRgb(byte[] data)
    {
        var pixels = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            Array.Copy(data, y * BytesPerLine, pixels, y * Width * 3, Width * 3);
        }

        return new RgbImage(Width, Height, pixels);
    }
}
