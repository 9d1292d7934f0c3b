namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// PP-OCRv4 end to end on one frame, PaddleOCR's TextSystem: detect (<see cref="DetectionInput"/>, the detector,
/// <see cref="DbPostProcessor"/>), crop and rectify each box (<see cref="CropRectifier"/>), turn crops the direction
/// classifier finds upside down, recognise (<see cref="LineInput"/>, the recogniser, <see cref="CtcDecoder"/>) and
/// drop readings below the drop score. The crops of a frame are classified and recognised side by side.
/// </summary>
/// <param name="models">Where the models run; not owned.</param>
/// <param name="keys">The recogniser's alphabet.</param>
/// <param name="options">Settings; validated here.</param>
public sealed class OcrReader(IOcrModels models, CharacterKeys keys, OcrReaderOptions options)
{
    private readonly CtcDecoder _decoder = new(keys);
    private readonly OcrReaderOptions _options = Validated(options);

    /// <summary>The texts in <paramref name="frame"/>, in reading order.</summary>
    /// <param name="frame">A camera frame.</param>
    /// <param name="cancellationToken">Stops waiting for the models.</param>
    /// <returns>The readings at or above the drop score.</returns>
    /// <exception cref="OcrModelException">A model answered with a tensor of the wrong shape.</exception>
    public async Task<IReadOnlyList<TextReading>> ReadAsync(RgbImage frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var input = DetectionInput.Create(frame, _options.DetectionLimitSide);
        var output = await models.DetectAsync(input, cancellationToken).ConfigureAwait(false);
        var (height, width) = ((int)input.Shape[2], (int)input.Shape[3]);
        Expect("text detection", output, [1, 1, height, width]);
        var boxes = _options.Boxes.Boxes(new ProbabilityMap(width, height, output.Values), frame.Width, frame.Height);
        var readings = await Task.WhenAll(boxes.Select(box => ReadLineAsync(frame, box, cancellationToken))).ConfigureAwait(false);
        return [.. readings.Where(r => r.Confidence >= _options.DropScore)];
    }

    private async Task<TextReading> ReadLineAsync(RgbImage frame, TextBox box, CancellationToken cancellationToken)
    {
        var crop = CropRectifier.Crop(frame, box.Corners);
        var upsideDown = false;
        if (_options.ClassifyDirection)
        {
            var direction = await models.ClassifyDirectionAsync(LineInput.ForDirection(crop), cancellationToken).ConfigureAwait(false);
            Expect("text direction", direction, [1, 2]);

            // Labels "0" and "180"; PaddleOCR turns the crop when "180" wins with more than cls_thresh.
            upsideDown = direction.Values[1] > direction.Values[0] && direction.Values[1] > _options.DirectionThreshold;
            if (upsideDown)
            {
                crop = crop.Rotate180();
            }
        }

        var input = LineInput.ForRecognition(crop);
        var output = await models.RecognizeAsync(input, cancellationToken).ConfigureAwait(false);
        if (output.Shape.Length != 3 || output.Shape[0] != 1 || output.Shape[2] != keys.ClassCount)
        {
            throw new OcrModelException($"text recognition answered a tensor of shape [{string.Join(", ", output.Shape)}]; expected [1, steps, {keys.ClassCount}] for the key file's classes");
        }

        var (text, confidence) = _decoder.Decode(output.Values, (int)output.Shape[1], keys.ClassCount);
        return new TextReading(text, confidence, box, upsideDown);
    }

    private static void Expect(string model, OcrTensor output, long[] shape)
    {
        if (!output.Shape.SequenceEqual(shape) || output.Values.LongLength != shape.Aggregate(1L, (a, b) => a * b))
        {
            throw new OcrModelException($"{model} answered a tensor of shape [{string.Join(", ", output.Shape)}] with {output.Values.Length} values; expected [{string.Join(", ", shape)}]");
        }
    }

    private static OcrReaderOptions Validated(OcrReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
