using Vedliot.Runtime.Exposure;

namespace Vedliot.Runtime.Tests.Exposure;

public sealed class SsimTests
{
    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;

    [Theory]
    [InlineData(SsimWindow.Gaussian11)]
    [InlineData(SsimWindow.Uniform8)]
    public void Identical_images_score_exactly_one(SsimWindow window)
    {
        var image = SyntheticImages.Generate(new Random(3), 1, 24, 20);

        Assert.Equal(1.0, Ssim.Mean(image, image, 20, 24, window: window), 12);
    }

    [Theory]
    [InlineData(SsimWindow.Gaussian11)]
    [InlineData(SsimWindow.Uniform8)]
    public void Two_flat_images_score_their_luminance_term(SsimWindow window)
    {
        // No variance anywhere: the contrast-structure term is C2 / C2 = 1, leaving (2ab + C1) / (a² + b² + C1).
        var a = Enumerable.Repeat(0.2f, 16 * 16).ToArray();
        var b = Enumerable.Repeat(0.6f, 16 * 16).ToArray();
        var expected = ((2 * 0.2 * 0.6) + C1) / ((0.2 * 0.2) + (0.6 * 0.6) + C1);

        Assert.Equal(expected, Ssim.Mean(a, b, 16, 16, window: window), 6);
    }

    [Fact]
    public void A_checkerboard_against_its_inverse_scores_minus_almost_one_in_8x8_windows()
    {
        // Every 8×8 window holds 32 zeros and 32 ones: both means 0.5, variances 0.25, covariance -0.25.
        var board = new float[16 * 16];
        for (var i = 0; i < board.Length; i++)
        {
            board[i] = ((i / 16) + (i % 16)) % 2;
        }

        var inverse = board.Select(v => 1 - v).ToArray();
        var expected = (-0.5 + C2) / (0.5 + C2);

        Assert.Equal(expected, Ssim.Mean(board, inverse, 16, 16, window: SsimWindow.Uniform8), 6);
    }

    [Fact]
    public void Scaling_the_data_range_changes_the_constants_and_so_the_score_of_flat_images()
    {
        var a = Enumerable.Repeat(20f, 12 * 12).ToArray();
        var b = Enumerable.Repeat(60f, 12 * 12).ToArray();
        var expected = ((2 * 20.0 * 60) + (C1 * 100 * 100)) / ((20.0 * 20) + (60 * 60) + (C1 * 100 * 100));

        Assert.Equal(expected, Ssim.Mean(a, b, 12, 12, dataRange: 100), 6);
    }

    [Fact]
    public void An_image_smaller_than_the_window_or_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Ssim.Mean(new float[100], new float[100], 10, 10));
        Assert.Throws<ArgumentException>(() => Ssim.Mean(new float[144], new float[143], 12, 12));
    }

    [Fact]
    public void Pearson_correlation_of_a_series_with_a_scaled_copy_is_one_and_with_its_negation_minus_one()
    {
        float[] x = [1, 2, 4, 8];

        Assert.Equal(1, PearsonCorrelation.Of(x, x.Select(v => (3 * v) + 1).ToArray()), 12);
        Assert.Equal(-1, PearsonCorrelation.Of(x, x.Select(v => -v).ToArray()), 12);
        Assert.Equal(0, PearsonCorrelation.Of(x, [5, 5, 5, 5]));
    }
}
