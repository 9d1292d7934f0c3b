namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>A plane perspective transform (3 × 3, last entry 1), as OpenCV's getPerspectiveTransform computes it from four point pairs.</summary>
public sealed class Homography
{
    private readonly double[] _h;

    private Homography(double[] h) => _h = h;

    /// <summary>The transform taking each of <paramref name="from"/> onto the matching point of <paramref name="to"/>.</summary>
    /// <param name="from">Four points, no three on a line.</param>
    /// <param name="to">Their images.</param>
    /// <exception cref="ArgumentException">Not four pairs, or the points are degenerate (three on a line).</exception>
    public static Homography FromCorners(IReadOnlyList<PointD> from, IReadOnlyList<PointD> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count != 4 || to.Count != 4)
        {
            throw new ArgumentException("a perspective transform takes exactly four point pairs", nameof(from));
        }

        // u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), v = (h3 x + h4 y + h5) / (h6 x + h7 y + 1): eight linear equations.
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            var (x, y, u, v) = (from[i].X, from[i].Y, to[i].X, to[i].Y);
            double[] rowU = [x, y, 1, 0, 0, 0, -x * u, -y * u, u];
            double[] rowV = [0, 0, 0, x, y, 1, -x * v, -y * v, v];
            for (var k = 0; k < 9; k++)
            {
                a[2 * i, k] = rowU[k];
                a[(2 * i) + 1, k] = rowV[k];
            }
        }

        return new Homography([.. Solve(a), 1]);
    }

    /// <summary>Where <paramref name="point"/> goes.</summary>
    /// <param name="point">A point of the source plane.</param>
    public PointD Apply(PointD point)
    {
        var w = (_h[6] * point.X) + (_h[7] * point.Y) + _h[8];
        return new PointD(((_h[0] * point.X) + (_h[1] * point.Y) + _h[2]) / w, ((_h[3] * point.X) + (_h[4] * point.Y) + _h[5]) / w);
    }

    /// <summary>Gaussian elimination with partial pivoting on an 8 × 9 augmented matrix.</summary>
    private static double[] Solve(double[,] a)
    {
        const int n = 8;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                throw new ArgumentException("the four points are degenerate (three of them lie on a line)");
            }

            for (var k = 0; k <= n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            for (var row = 0; row < n; row++)
            {
                if (row == col)
                {
                    continue;
                }

                var factor = a[row, col] / a[col, col];
                for (var k = col; k <= n; k++)
                {
                    a[row, k] -= factor * a[col, k];
                }
            }
        }

        var h = new double[n];
        for (var i = 0; i < n; i++)
        {
            h[i] = a[i, n] / a[i, i];
        }

        return h;
    }
}
