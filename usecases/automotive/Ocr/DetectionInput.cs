namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// PP-OCRv4's detection pre-processing (PaddleOCR's DetResizeForTest with limit type "max", then NormalizeImage and
/// ToCHWImage): scale the frame so that its longer side is at most the limit, round both sides to multiples of 32
/// (at least 32), and normalise with ImageNet's mean and deviation in OpenCV's channel order (blue, green, red).
/// </summary>
public static class DetectionInput
{
    /// <summary>The multiple both sides of the detector's input are rounded to.</summary>
    public const int SideMultiple = 32;

    /// <summary>Per-channel mean of NormalizeImage, in blue, green, red order (PaddleOCR reads frames as BGR).</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation of NormalizeImage, same order.</summary>
    public static IReadOnlyList<float> Deviation { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>The size the detector sees a <paramref name="width"/> × <paramref name="height"/> frame at.</summary>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="limitSideLength">Longest side before rounding; the frame is only ever scaled down to it.</param>
    /// <returns>Width and height, multiples of 32.</returns>
    public static (int Width, int Height) ResizedSize(int width, int height, int limitSideLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitSideLength, SideMultiple);
        var ratio = Math.Max(width, height) > limitSideLength ? (double)limitSideLength / Math.Max(width, height) : 1.0;
        return (Round((int)(width * ratio)), Round((int)(height * ratio)));

        // Python's round: halves to even.
        static int Round(int side) => Math.Max((int)Math.Round(side / (double)SideMultiple, MidpointRounding.ToEven) * SideMultiple, SideMultiple);
    }

    /// <summary>The detector's input for <paramref name="frame"/>: [1, 3, H, W] in blue, green, red planes.</summary>
    /// <param name="frame">The camera frame.</param>
    /// <param name="limitSideLength">See <see cref="ResizedSize"/>.</param>
    /// <returns>The tensor.</returns>
    public static OcrTensor Create(RgbImage frame, int limitSideLength)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (width, height) = ResizedSize(frame.Width, frame.Height, limitSideLength);
        var resized = width == frame.Width && height == frame.Height ? frame : frame.Resize(width, height);
        var plane = width * height;
        var values = new float[3 * plane];
        for (var plane0 = 0; plane0 < 3; plane0++)
        {
            var rgbChannel = 2 - plane0;
            var (mean, deviation) = (Mean[plane0], Deviation[plane0]);
            for (var i = 0; i < plane; i++)
            {
                values[(plane0 * plane) + i] = ((resized.Pixels[(i * 3) + rgbChannel] / 255f) - mean) / deviation;
            }
        }

        return new OcrTensor(values, [1, 3, height, width]);
    }
}
