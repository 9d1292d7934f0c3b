using Vedliot.UseCases.Automotive.Ocr;
using Vedliot.UseCases.Automotive.Rendering;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>How a frame's readings compare with what was rendered: exact match, character errors, box overlap.</summary>
public static class TextMetrics
{
    /// <summary>A frame's text: its readings in reading order, joined by one space, runs of white space collapsed.</summary>
    public static string FrameText(IEnumerable<TextReading> readings) => Collapse(string.Join(' ', readings.Select(r => r.Text)));

    /// <summary>White space trimmed and collapsed to single spaces.</summary>
    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, each 1.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>
    /// Whether the text's true bounds are found: the readings whose box centre lies inside them, taken together
    /// (a plate read as two words is one line of two boxes), cover them with IoU ≥ 0.5.
    /// </summary>
    public static bool BoxFound(RenderedSign sign, IReadOnlyList<TextReading> readings, double minIoU = 0.5)
    {
        var (left, top, right, bottom) = sign.TextBounds;
        var inside = readings.Select(r => r.Box.Bounds).Where(b => (b.Left + b.Right) / 2 is var x && (b.Top + b.Bottom) / 2 is var y && x >= left && x <= right && y >= top && y <= bottom).ToList();
        if (inside.Count == 0)
        {
            return false;
        }

        var found = new TextBox([new(inside.Min(b => b.Left), inside.Min(b => b.Top)), new(inside.Max(b => b.Right), inside.Min(b => b.Top)), new(inside.Max(b => b.Right), inside.Max(b => b.Bottom)), new(inside.Min(b => b.Left), inside.Max(b => b.Bottom))], 1);
        var truth = new TextBox([new(left, top), new(right, top), new(right, bottom), new(left, bottom)], 1);
        return found.IntersectionOverUnion(truth) >= minIoU;
    }
}
