namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// The regions of a binarised probability map: each 8-connected set of pixels above the threshold, given by the pixel
/// centres of its row ends. That is as much of a region as its outer contour (OpenCV's findContours) says for a
/// minimum-area rectangle: both have the same convex hull.
/// </summary>
public static class TextRegions
{
    /// <summary>The regions of <paramref name="map"/> where the probability exceeds <paramref name="threshold"/>, in raster order of their first pixel.</summary>
    /// <param name="map">The detector's output.</param>
    /// <param name="threshold">Pixels above it are text.</param>
    /// <param name="maxRegions">At most this many are returned (PaddleOCR's max_candidates).</param>
    /// <returns>Per region, the first and last pixel of each of its rows.</returns>
    public static IReadOnlyList<IReadOnlyList<PointD>> Find(ProbabilityMap map, float threshold, int maxRegions)
    {
        ArgumentNullException.ThrowIfNull(map);
        var (width, height) = (map.Width, map.Height);
        var label = new int[width * height];
        var regions = new List<IReadOnlyList<PointD>>();
        var stack = new Stack<int>();
        for (var start = 0; start < label.Length && regions.Count < maxRegions; start++)
        {
            if (label[start] != 0 || map.Values[start] <= threshold)
            {
                continue;
            }

            var id = regions.Count + 1;
            var rowEnds = new Dictionary<int, (int Left, int Right)>();
            label[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                var (x, y) = (at % width, at / width);
                rowEnds[y] = rowEnds.TryGetValue(y, out var ends) ? (Math.Min(ends.Left, x), Math.Max(ends.Right, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var next = (ny * width) + nx;
                        if (label[next] == 0 && map.Values[next] > threshold)
                        {
                            label[next] = id;
                            stack.Push(next);
                        }
                    }
                }
            }

            regions.Add([.. rowEnds.OrderBy(r => r.Key).SelectMany(r => new[] { new PointD(r.Value.Left, r.Key), new PointD(r.Value.Right, r.Key) })]);
        }

        return regions;
    }
}
