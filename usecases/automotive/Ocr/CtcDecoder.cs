using System.Text;

namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// CTC greedy decoding (PaddleOCR's CTCLabelDecode): the most probable class at each time step; runs of the same class
/// collapse to one; blanks are dropped. The confidence is the mean of the kept steps' probabilities.
/// </summary>
/// <param name="keys">The alphabet the recogniser's classes map to.</param>
public sealed class CtcDecoder(CharacterKeys keys)
{
    /// <summary>Decodes the recogniser's output for one line.</summary>
    /// <param name="probabilities">[steps × classes] class probabilities (the model's softmax output), row by row.</param>
    /// <param name="steps">Time steps.</param>
    /// <param name="classes">Classes per step; must be the alphabet's.</param>
    /// <returns>The text and its confidence (0 for an empty text).</returns>
    /// <exception cref="ArgumentException">The sizes do not match the values or the alphabet.</exception>
    public (string Text, double Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (classes != keys.ClassCount)
        {
            throw new ArgumentException($"the recogniser scores {classes} classes; its key file gives {keys.ClassCount} (blank, {keys.ClassCount - 2} keys, space)", nameof(classes));
        }

        if (probabilities.Length != (long)steps * classes)
        {
            throw new ArgumentException($"{steps} steps × {classes} classes are {(long)steps * classes} values, not {probabilities.Length}", nameof(probabilities));
        }

        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best != 0 && best != previous)
            {
                text.Append(keys[best]);
                sum += row[best];
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0 : sum / kept);
    }
}
