using static Vedliot.UseCases.Industrial.Model.MotorModelDesign;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// The classifier over the features: standardisation z = (f − mean)·scale, a hidden layer h = ReLU(z·W1 + b1) and
/// the scores softmax(h·W2 + b2), one per <see cref="Simulation.MotorConditions.All"/>. Weights are float32, as the
/// ONNX graph holds them; <see cref="Scores"/> computes in double from them, the trainer's reference output.
/// </summary>
/// <param name="Hidden">Units of the hidden layer.</param>
/// <param name="Mean">Feature means of the training set [F].</param>
/// <param name="Scale">Reciprocal feature standard deviations [F].</param>
/// <param name="W1">[F, Hidden], row-major.</param>
/// <param name="B1">[Hidden].</param>
/// <param name="W2">[Hidden, Classes], row-major.</param>
/// <param name="B2">[Classes].</param>
internal sealed record MotorClassifier(int Hidden, float[] Mean, float[] Scale, float[] W1, float[] B1, float[] W2, float[] B2)
{
    /// <summary>Scores per class.</summary>
    public int Classes => B2.Length;

    /// <summary>The scores of one window's features.</summary>
    public double[] Scores(ReadOnlySpan<double> features)
    {
        var hidden = new double[Hidden];
        for (var j = 0; j < Hidden; j++)
        {
            hidden[j] = B1[j];
        }

        for (var i = 0; i < FeatureCount; i++)
        {
            var z = (features[i] - Mean[i]) * Scale[i];
            for (var j = 0; j < Hidden; j++)
            {
                hidden[j] += z * W1[(i * Hidden) + j];
            }
        }

        var logits = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            logits[c] = B2[c];
            for (var j = 0; j < Hidden; j++)
            {
                logits[c] += Math.Max(0, hidden[j]) * W2[(j * Classes) + c];
            }
        }

        return Softmax(logits);
    }

    /// <summary>softmax(<paramref name="logits"/>), shifted by the maximum for range.</summary>
    public static double[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }
}
