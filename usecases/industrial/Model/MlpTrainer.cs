using static Vedliot.UseCases.Industrial.Model.MotorModelDesign;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// Trains <see cref="MotorClassifier"/> by mini-batch Adam (Kingma &amp; Ba, 2015) on softmax cross-entropy with L2
/// weight decay; every random draw (initialisation, batch order) comes from one seed, so a run is reproducible.
/// </summary>
internal static class MlpTrainer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double AdamEpsilon = 1e-8;

    /// <summary>Trains on <paramref name="features"/> with their <paramref name="labels"/>.</summary>
    public static MotorClassifier Train(IReadOnlyList<double[]> features, IReadOnlyList<int> labels, int classes, TrainingSettings settings)
    {
        var count = features.Count;
        var hidden = settings.HiddenUnits;
        var (mean, scale) = Standardisation(features);
        var z = features.Select(f => Enumerable.Range(0, FeatureCount).Select(i => (f[i] - mean[i]) * scale[i]).ToArray()).ToArray();
        var random = new Random(settings.Seed);

        // Parameters in one vector: W1 [F, H], b1 [H], W2 [H, C], b2 [C]; He initialisation for the ReLU layer.
        var w1 = 0;
        var b1 = w1 + (FeatureCount * hidden);
        var w2 = b1 + hidden;
        var b2 = w2 + (hidden * classes);
        var theta = new double[b2 + classes];
        for (var i = 0; i < b1; i++)
        {
            theta[i] = (random.NextDouble() * 2 - 1) * Math.Sqrt(6.0 / FeatureCount);
        }

        for (var i = w2; i < b2; i++)
        {
            theta[i] = (random.NextDouble() * 2 - 1) * Math.Sqrt(6.0 / (hidden + classes));
        }

        var m = new double[theta.Length];
        var v = new double[theta.Length];
        var gradient = new double[theta.Length];
        var order = Enumerable.Range(0, count).ToArray();
        var h = new double[hidden];
        var dh = new double[hidden];
        var step = 0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = settings.LearningRate * (0.75 + (0.25 * Math.Cos(Math.PI * epoch / settings.Epochs)));
            for (var start = 0; start < count; start += settings.BatchSize)
            {
                Array.Clear(gradient);
                var batch = order.AsSpan(start, Math.Min(settings.BatchSize, count - start));
                foreach (var n in batch)
                {
                    var x = z[n];
                    for (var j = 0; j < hidden; j++)
                    {
                        var sum = theta[b1 + j];
                        for (var i = 0; i < FeatureCount; i++)
                        {
                            sum += x[i] * theta[w1 + (i * hidden) + j];
                        }

                        h[j] = Math.Max(0, sum);
                    }

                    var logits = new double[classes];
                    for (var c = 0; c < classes; c++)
                    {
                        logits[c] = theta[b2 + c];
                        for (var j = 0; j < hidden; j++)
                        {
                            logits[c] += h[j] * theta[w2 + (j * classes) + c];
                        }
                    }

                    // d(cross-entropy)/d(logit) = p − onehot.
                    var p = MotorClassifier.Softmax(logits);
                    p[labels[n]] -= 1;
                    Array.Clear(dh);
                    for (var c = 0; c < classes; c++)
                    {
                        gradient[b2 + c] += p[c];
                        for (var j = 0; j < hidden; j++)
                        {
                            gradient[w2 + (j * classes) + c] += h[j] * p[c];
                            dh[j] += theta[w2 + (j * classes) + c] * p[c];
                        }
                    }

                    for (var j = 0; j < hidden; j++)
                    {
                        if (h[j] <= 0)
                        {
                            continue;
                        }

                        gradient[b1 + j] += dh[j];
                        for (var i = 0; i < FeatureCount; i++)
                        {
                            gradient[w1 + (i * hidden) + j] += x[i] * dh[j];
                        }
                    }
                }

                step++;
                var correction1 = 1 - Math.Pow(Beta1, step);
                var correction2 = 1 - Math.Pow(Beta2, step);
                for (var i = 0; i < theta.Length; i++)
                {
                    var isWeight = i < b1 || (i >= w2 && i < b2);
                    var g = (gradient[i] / batch.Length) + (isWeight ? settings.WeightDecay * theta[i] : 0);
                    m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g);
                    v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g * g);
                    theta[i] -= rate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + AdamEpsilon);
                }
            }
        }

        float[] Slice(int from, int length) => [.. theta.AsSpan(from, length).ToArray().Select(t => (float)t)];
        return new MotorClassifier(hidden, [.. mean.Select(x => (float)x)], [.. scale.Select(x => (float)x)], Slice(w1, FeatureCount * hidden), Slice(b1, hidden), Slice(w2, hidden * classes), Slice(b2, classes));
    }

    private static (double[] Mean, double[] Scale) Standardisation(IReadOnlyList<double[]> features)
    {
        var mean = new double[FeatureCount];
        var scale = new double[FeatureCount];
        for (var i = 0; i < FeatureCount; i++)
        {
            mean[i] = features.Average(f => f[i]);
            var variance = features.Average(f => (f[i] - mean[i]) * (f[i] - mean[i]));
            scale[i] = 1 / Math.Sqrt(variance + 1e-9);
        }

        return (mean, scale);
    }
}
