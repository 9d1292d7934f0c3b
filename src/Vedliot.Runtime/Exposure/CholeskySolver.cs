namespace Vedliot.Runtime.Exposure;

/// <summary>Solves the ridge normal equations (XᵀX + λI) W = B through a Cholesky factorisation, which exists for every λ &gt; 0.</summary>
internal static class CholeskySolver
{
    /// <summary>The lower Cholesky factor of gram + λI (positive definite for any λ &gt; 0).</summary>
    public static double[] Factor(double[] gram, int d, double lambda)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = gram[(i * d) + j] + (i == j ? lambda : 0);
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * d) + k] * l[(j * d) + k];
                }

                l[(i * d) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / l[(j * d) + j];
            }
        }

        return l;
    }

    /// <summary>Solves L Lᵀ Z = B for the <paramref name="columns"/> columns of B (row-major d × columns), in place.</summary>
    public static void SolveInPlace(double[] l, int d, double[] b, int columns)
    {
        for (var i = 0; i < d; i++)
        {
            for (var k = 0; k < i; k++)
            {
                var lik = l[(i * d) + k];
                for (var c = 0; c < columns; c++)
                {
                    b[(i * columns) + c] -= lik * b[(k * columns) + c];
                }
            }

            for (var c = 0; c < columns; c++)
            {
                b[(i * columns) + c] /= l[(i * d) + i];
            }
        }

        for (var i = d - 1; i >= 0; i--)
        {
            for (var k = i + 1; k < d; k++)
            {
                var lki = l[(k * d) + i];
                for (var c = 0; c < columns; c++)
                {
                    b[(i * columns) + c] -= lki * b[(k * columns) + c];
                }
            }

            for (var c = 0; c < columns; c++)
            {
                b[(i * columns) + c] /= l[(i * d) + i];
            }
        }
    }
}
