namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// PP-OCRv4's DB post-processing (PaddleOCR's DBPostProcess with its inference defaults): binarise the probability
/// map, take each region's minimum-area rectangle, drop small ones and those whose mean probability is below the box
/// threshold, grow the rest by the unclip offset <c>area × ratio / perimeter</c>, and scale them to the frame.
/// </summary>
/// <remarks>
/// PaddleOCR grows the rectangle with a round-joined polygon offset (pyclipper) and takes that polygon's
/// minimum-area rectangle. For a rectangle both steps together give the same rectangle with each side pushed out by
/// the offset (the rounded corners stay inside it), so the offset is applied to the sides directly.
/// </remarks>
public sealed record DbPostProcessor
{
    /// <summary>Probability above which a pixel is text (PaddleOCR det_db_thresh). Default 0.3.</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Lowest mean probability of a kept box (det_db_box_thresh). Default 0.6.</summary>
    public double BoxThreshold { get; init; } = 0.6;

    /// <summary>The unclip ratio of PP-OCRv4's detector (det_db_unclip_ratio). Default 1.5.</summary>
    public double UnclipRatio { get; init; } = 1.5;

    /// <summary>Most regions considered per frame (max_candidates). Default 1000.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Shortest side, in map pixels, of a box before unclipping; after it, two more (min_size). Default 3.</summary>
    public double MinSize { get; init; } = 3;

    /// <summary>The boxes of one frame, in reading order (top to bottom; left to right within 10 pixels of height).</summary>
    /// <param name="map">The detector's output for the resized frame.</param>
    /// <param name="frameWidth">The frame's width, to which the boxes are scaled.</param>
    /// <param name="frameHeight">The frame's height.</param>
    /// <returns>The boxes, corners rounded to whole pixels inside the frame.</returns>
    public IReadOnlyList<TextBox> Boxes(ProbabilityMap map, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(map);
        Validate();
        var boxes = new List<TextBox>();
        foreach (var region in TextRegions.Find(map, Threshold, MaxCandidates))
        {
            var rectangle = RotatedRectangle.Enclosing(region);
            if (rectangle.ShortSide < MinSize)
            {
                continue;
            }

            var score = map.MeanInside(rectangle.Corners());
            if (score < BoxThreshold)
            {
                continue;
            }

            var grown = rectangle.Grow(UnclipDistance(rectangle));
            if (grown.ShortSide < MinSize + 2)
            {
                continue;
            }

            var corners = grown.Corners()
                .Select(p => new PointD(
                    Math.Clamp(Math.Round(p.X / map.Width * frameWidth, MidpointRounding.ToEven), 0, frameWidth),
                    Math.Clamp(Math.Round(p.Y / map.Height * frameHeight, MidpointRounding.ToEven), 0, frameHeight)))
                .ToArray();

            // PaddleOCR's filter_tag_det_res: boxes 3 pixels or less across are dropped.
            if ((int)corners[0].DistanceTo(corners[1]) <= 3 || (int)corners[0].DistanceTo(corners[3]) <= 3)
            {
                continue;
            }

            boxes.Add(new TextBox(corners, score));
        }

        return ReadingOrder(boxes);
    }

    /// <summary>The unclip offset of PP-OCRv4: area × ratio / perimeter of the box.</summary>
    /// <param name="rectangle">The box before unclipping.</param>
    public double UnclipDistance(RotatedRectangle rectangle)
    {
        var perimeter = 2 * (rectangle.Length + rectangle.Breadth);
        return perimeter == 0 ? 0 : rectangle.Area * UnclipRatio / perimeter;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A threshold is outside 0–1, or the ratio, candidates or size are out of range.</exception>
    public void Validate()
    {
        if (Threshold is < 0 or >= 1)
        {
            throw new ArgumentException($"Threshold {Threshold} is not in [0, 1)", nameof(Threshold));
        }

        if (BoxThreshold is < 0 or > 1)
        {
            throw new ArgumentException($"BoxThreshold {BoxThreshold} is not in [0, 1]", nameof(BoxThreshold));
        }

        if (UnclipRatio is < 0 or > 10 || double.IsNaN(UnclipRatio))
        {
            throw new ArgumentException($"UnclipRatio {UnclipRatio} is not in [0, 10]", nameof(UnclipRatio));
        }

        if (MaxCandidates is < 1 or > 100_000)
        {
            throw new ArgumentException($"MaxCandidates {MaxCandidates} is not in 1–100000", nameof(MaxCandidates));
        }

        if (MinSize is < 0 or > 1000 || double.IsNaN(MinSize))
        {
            throw new ArgumentException($"MinSize {MinSize} is not in [0, 1000]", nameof(MinSize));
        }
    }

    /// <summary>PaddleOCR's sorted_boxes: by top-left corner, top to bottom, then left to right among neighbours whose tops differ by under 10 pixels.</summary>
    private static List<TextBox> ReadingOrder(List<TextBox> boxes)
    {
        var sorted = boxes.OrderBy(b => b.Corners[0].Y).ThenBy(b => b.Corners[0].X).ToList();
        for (var i = 0; i < sorted.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                var (a, b) = (sorted[j], sorted[j + 1]);
                if (Math.Abs(b.Corners[0].Y - a.Corners[0].Y) < 10 && b.Corners[0].X < a.Corners[0].X)
                {
                    (sorted[j], sorted[j + 1]) = (b, a);
                }
                else
                {
                    break;
                }
            }
        }

        return sorted;
    }
}
