namespace Vedliot.Runtime.Exposure;

/// <summary>
/// A linear decoder fitted by ridge regression: W = (XᵀX + λI)⁻¹ XᵀY over standardised features X and
/// centred targets Y. λ is chosen from a fixed grid by the error on validation rows held back from the
/// fit, then the decoder is fitted again on every training row.
/// </summary>
internal sealed class RidgeDecoder
{
    // λ relative to the number of rows: from nearly least squares to shrunk so far that the decoder all but
    // returns the mean training target, which is what it should do when the features carry nothing.
    private static readonly double[] RelativeLambdas = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];

    private readonly float[] _featureMean;
    private readonly float[] _featureScale;
    private readonly float[] _targetMean;
    private readonly double[] _weights;

    private RidgeDecoder(float[] featureMean, float[] featureScale, float[] targetMean, double[] weights)
    {
        _featureMean = featureMean;
        _featureScale = featureScale;
        _targetMean = targetMean;
        _weights = weights;
    }

    public int FeatureCount => _featureMean.Length;

    public int TargetCount => _targetMean.Length;

    /// <summary>Fits a decoder to <paramref name="rows"/> rows of features and targets (row-major); the last <paramref name="validationRows"/> choose λ.</summary>
    public static RidgeDecoder Fit(float[] features, float[] targets, int rows, int validationRows)
    {
        var d = features.Length / rows;
        var p = targets.Length / rows;
        var (mean, scale) = Standardisation(features, rows, d);
        var targetMean = new float[p];
        for (var r = 0; r < rows; r++)
        {
            for (var k = 0; k < p; k++)
            {
                targetMean[k] += targets[(r * p) + k] / rows;
            }
        }

        var fit = rows - validationRows;
        var x = Standardised(features, rows, d, mean, scale);
        var y = new double[rows * p];
        for (var r = 0; r < rows; r++)
        {
            for (var k = 0; k < p; k++)
            {
                y[(r * p) + k] = targets[(r * p) + k] - targetMean[k];
            }
        }

        var gramFit = Gram(x, 0, fit, d);
        var lambda = validationRows > 0 ? BestLambda(x, y, gramFit, fit, rows, d, p) : RelativeLambdas[2] * fit;
        var gram = validationRows > 0 ? Add(gramFit, Gram(x, fit, rows, d)) : gramFit;
        var cross = Cross(x, y, rows, d, p);

        var factor = CholeskySolver.Factor(gram, d, lambda * rows / Math.Max(1, fit));
        CholeskySolver.SolveInPlace(factor, d, cross, p);
        return new RidgeDecoder(mean, scale, targetMean, cross);
    }

    /// <summary>Decodes one row of features into <paramref name="target"/>.</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> target)
    {
        var p = _targetMean.Length;
        Span<double> sum = p <= 4096 ? stackalloc double[p] : new double[p];
        sum.Clear();
        for (var i = 0; i < _featureMean.Length; i++)
        {
            var xi = (features[i] - _featureMean[i]) * _featureScale[i];
            if (xi != 0)
            {
                for (var k = 0; k < p; k++)
                {
                    sum[k] += xi * _weights[(i * p) + k];
                }
            }
        }

        for (var k = 0; k < p; k++)
        {
            target[k] = (float)(sum[k] + _targetMean[k]);
        }
    }

    private static double BestLambda(double[] x, double[] y, double[] gramFit, int fit, int rows, int d, int p)
    {
        var validation = rows - fit;
        var crossFit = Cross(x, y, fit, d, p);

        double bestError = double.PositiveInfinity, best = RelativeLambdas[0] * fit;
        foreach (var relative in RelativeLambdas)
        {
            // Validation predictions Xv (G + λI)⁻¹ XᵀY: solve for the validation rows, not for every target.
            var factor = CholeskySolver.Factor(gramFit, d, relative * fit);
            var xv = new double[d * validation];
            for (var r = 0; r < validation; r++)
            {
                for (var i = 0; i < d; i++)
                {
                    xv[(i * validation) + r] = x[((fit + r) * d) + i];
                }
            }

            CholeskySolver.SolveInPlace(factor, d, xv, validation);
            double error = 0;
            for (var r = 0; r < validation; r++)
            {
                for (var k = 0; k < p; k++)
                {
                    double prediction = 0;
                    for (var i = 0; i < d; i++)
                    {
                        prediction += xv[(i * validation) + r] * crossFit[(i * p) + k];
                    }

                    var residual = prediction - y[((fit + r) * p) + k];
                    error += residual * residual;
                }
            }

            if (error < bestError)
            {
                (bestError, best) = (error, relative * fit);
            }
        }

        return best;
    }

    private static (float[] Mean, float[] Scale) Standardisation(float[] features, int rows, int d)
    {
        var mean = new double[d];
        var square = new double[d];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < d; i++)
            {
                double v = features[(r * d) + i];
                mean[i] += v;
                square[i] += v * v;
            }
        }

        var means = new float[d];
        var scales = new float[d];
        for (var i = 0; i < d; i++)
        {
            var m = mean[i] / rows;
            var variance = Math.Max(0, (square[i] / rows) - (m * m));
            means[i] = (float)m;

            // A constant feature carries nothing; it is zeroed rather than divided by zero.
            scales[i] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 0;
        }

        return (means, scales);
    }

    private static double[] Standardised(float[] features, int rows, int d, float[] mean, float[] scale)
    {
        var x = new double[rows * d];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < d; i++)
            {
                x[(r * d) + i] = (features[(r * d) + i] - mean[i]) * scale[i];
            }
        }

        return x;
    }

    private static double[] Gram(double[] x, int from, int to, int d)
    {
        var gram = new double[d * d];
        for (var r = from; r < to; r++)
        {
            var row = x.AsSpan(r * d, d);
            for (var i = 0; i < d; i++)
            {
                var xi = row[i];
                if (xi == 0)
                {
                    continue;
                }

                var line = gram.AsSpan(i * d, d);
                for (var j = i; j < d; j++)
                {
                    line[j] += xi * row[j];
                }
            }
        }

        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[(i * d) + j] = gram[(j * d) + i];
            }
        }

        return gram;
    }

    // Xᵀ Y over the first rows.
    private static double[] Cross(double[] x, double[] y, int rows, int d, int p)
    {
        var cross = new double[d * p];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < d; i++)
            {
                var xi = x[(r * d) + i];
                if (xi != 0)
                {
                    for (var k = 0; k < p; k++)
                    {
                        cross[(i * p) + k] += xi * y[(r * p) + k];
                    }
                }
            }
        }

        return cross;
    }

    private static double[] Add(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }

        return sum;
    }
}
