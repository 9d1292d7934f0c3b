namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// The pre-processing PaddleOCR's recogniser and direction classifier share (resize_norm_img): scale a text crop to
/// the model's height keeping its aspect ratio, at most the given width; normalise each sample to
/// <c>(x / 255 − 0.5) / 0.5</c> in blue, green, red planes; pad the rest of the width with zeros.
/// </summary>
public static class LineInput
{
    /// <summary>Height of the recogniser's input (PP-OCRv4 rec_image_shape 3, 48, 320).</summary>
    public const int RecognitionHeight = 48;

    /// <summary>Least width of the recogniser's input: wider crops widen it to keep their aspect ratio.</summary>
    public const int RecognitionMinWidth = 320;

    /// <summary>Most width of the recogniser's input, so that a thin sliver cannot ask for an unbounded tensor (a 1:40 line).</summary>
    public const int RecognitionMaxWidth = 1920;

    /// <summary>Height of the direction classifier's input (cls_image_shape 3, 48, 192).</summary>
    public const int DirectionHeight = 48;

    /// <summary>Width of the direction classifier's input.</summary>
    public const int DirectionWidth = 192;

    /// <summary>The recogniser's input for one crop: width max(320, 48 × aspect ratio), capped at <see cref="RecognitionMaxWidth"/>.</summary>
    /// <param name="crop">A rectified text line.</param>
    public static OcrTensor ForRecognition(RgbImage crop)
    {
        ArgumentNullException.ThrowIfNull(crop);
        var ratio = Math.Max((double)RecognitionMinWidth / RecognitionHeight, (double)crop.Width / crop.Height);
        var width = Math.Min(RecognitionMaxWidth, (int)(RecognitionHeight * ratio));
        return Create(crop, RecognitionHeight, width);
    }

    /// <summary>The direction classifier's input for one crop: [1, 3, 48, 192].</summary>
    /// <param name="crop">A rectified text line.</param>
    public static OcrTensor ForDirection(RgbImage crop) => Create(crop, DirectionHeight, DirectionWidth);

    /// <summary>[1, 3, <paramref name="height"/>, <paramref name="width"/>]: the crop at that height, left-aligned, zero-padded.</summary>
    /// <param name="crop">A rectified text line.</param>
    /// <param name="height">Model input height.</param>
    /// <param name="width">Model input width.</param>
    public static OcrTensor Create(RgbImage crop, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var wanted = (int)Math.Ceiling(height * (double)crop.Width / crop.Height);
        var resizedWidth = Math.Clamp(wanted, 1, width);
        var resized = crop.Resize(resizedWidth, height);
        var plane = height * width;
        var values = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            var rgbChannel = 2 - c;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < resizedWidth; x++)
                {
                    var sample = resized.Pixels[(((y * resizedWidth) + x) * 3) + rgbChannel];
                    values[(c * plane) + (y * width) + x] = ((sample / 255f) - 0.5f) / 0.5f;
                }
            }
        }

        return new OcrTensor(values, [1, 3, height, width]);
    }
}
