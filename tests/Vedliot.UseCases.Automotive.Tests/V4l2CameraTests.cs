using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Frames.V4l2;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>The V4L2 camera where none exists (this machine has no /dev/video*), and YUYV conversion by hand.</summary>
public sealed class V4l2CameraTests
{
    [Fact]
    public void A_missing_camera_is_refused_naming_it_and_the_devices_present()
    {
        var error = Assert.Throws<FrameException>(() => V4l2Camera.Open("/dev/video-vedliot-none", 640, 480, new FrameLimits()));

        var present = V4l2Camera.Devices();
        Assert.Equal(
            present.Count == 0
                ? "/dev/video-vedliot-none: no such camera; this machine has no V4L2 device (/dev/video*)"
                : $"/dev/video-vedliot-none: no such camera; the V4L2 devices here are {string.Join(", ", present)}",
            error.Message);
    }

    [Fact]
    public void A_device_that_is_not_a_camera_is_refused_as_not_V4L2()
    {
        var error = Assert.Throws<FrameException>(() => V4l2Camera.Open("/dev/null", 640, 480, new FrameLimits()));

        Assert.StartsWith("/dev/null: not a V4L2 device (VIDIOC_QUERYCAP: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_over_the_limits_is_refused_before_the_device_is_opened() =>
        Assert.Contains("over the limit", Assert.Throws<FrameException>(() => V4l2Camera.Open("/dev/null", 100_000, 480, new FrameLimits())).Message, StringComparison.Ordinal);

    [Fact]
    public void Yuyv_converts_with_bt601_limited_range_coefficients()
    {
        // Y 16 is black, Y 235 white (U = V = 128); Y 81, U 90, V 240 is BT.601 red: R = 1.164·65 + 1.596·112 = 254.4,
        // G = 75.7 + 14.9 − 91.1 = −0.5 → 0, B = 75.7 − 76.6 → 0. The second row is padded to 12 bytes.
        byte[] data = [16, 128, 235, 128, 0, 0, 0, 0, 81, 90, 81, 240, 0, 0, 0, 0];
        var padded = new byte[24];
        data.AsSpan(0, 4).CopyTo(padded);
        data.AsSpan(8, 4).CopyTo(padded.AsSpan(12));

        var image = YuyvFrame.ToRgb(padded, 2, 2, 12);

        Assert.Equal(new byte[] { 0, 0, 0, 255, 255, 255, 254, 0, 0, 254, 0, 0 }, image.Pixels);
    }

    [Fact]
    public void A_yuyv_frame_too_short_for_its_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => YuyvFrame.ToRgb(new byte[10], 4, 2, 8));
}
