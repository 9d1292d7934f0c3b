namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>The settings of <see cref="OcrReader"/>, PaddleOCR's inference defaults unless said otherwise.</summary>
public sealed record OcrReaderOptions
{
    /// <summary>
    /// Longest side of the detector's input (det_limit_side_len, limit type "max"). 32–4096, default 640: the size
    /// the detection pipeline is profiled at (deploy.yaml), PaddleOCR's 960 costs about twice as much per frame.
    /// </summary>
    public int DetectionLimitSide { get; init; } = 640;

    /// <summary>The DB post-processing.</summary>
    public DbPostProcessor Boxes { get; init; } = new();

    /// <summary>Run the direction classifier on each crop (use_angle_cls). Default true.</summary>
    public bool ClassifyDirection { get; init; } = true;

    /// <summary>A crop is turned when the classifier says 180° with more than this probability (cls_thresh). 0–1, default 0.9.</summary>
    public double DirectionThreshold { get; init; } = 0.9;

    /// <summary>Readings below this confidence are dropped (drop_score). 0–1, default 0.5.</summary>
    public double DropScore { get; init; } = 0.5;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (DetectionLimitSide is < DetectionInput.SideMultiple or > 4096)
        {
            throw new ArgumentException($"DetectionLimitSide {DetectionLimitSide} is not in 32–4096", nameof(DetectionLimitSide));
        }

        ArgumentNullException.ThrowIfNull(Boxes, nameof(Boxes));
        Boxes.Validate();
        if (DirectionThreshold is < 0 or > 1 || double.IsNaN(DirectionThreshold))
        {
            throw new ArgumentException($"DirectionThreshold {DirectionThreshold} is not in [0, 1]", nameof(DirectionThreshold));
        }

        if (DropScore is < 0 or > 1 || double.IsNaN(DropScore))
        {
            throw new ArgumentException($"DropScore {DropScore} is not in [0, 1]", nameof(DropScore));
        }
    }
}
