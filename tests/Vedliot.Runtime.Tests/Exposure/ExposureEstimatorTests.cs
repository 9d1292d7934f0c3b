using Vedliot.Runtime.Exposure;
using Xunit.Abstractions;

namespace Vedliot.Runtime.Tests.Exposure;

public sealed class ExposureEstimatorTests(ITestOutputHelper output)
{
    private static readonly ExposureOptions Options = new() { TrainInputs = 24, ValidationInputs = 4, HeldOutInputs = 8 };

    [Fact]
    public void The_input_itself_exposes_an_image_almost_fully()
    {
        var (input, images) = Images(64);

        var exposure = new ExposureEstimator(Options).Measure(0, input, images, [.. images.Select(Crossing)]);

        Assert.InRange(exposure.Exposure, 0.95, 1.0);
    }

    [Fact]
    public void Average_pooling_to_a_quarter_of_the_resolution_exposes_less_than_the_input_and_a_constant_nothing()
    {
        var (input, images) = Images(64);
        var estimator = new ExposureEstimator(Options);

        var identity = estimator.Measure(0, input, images, [.. images.Select(Crossing)]);
        var pooled = estimator.Measure(1, input, images, [.. images.Select(i => Crossing(Pool(i, 3, 64, 8)))]);
        var constant = estimator.Measure(2, input, images, [.. images.Select(_ => (IReadOnlyList<CapturedTensor>)[new CapturedTensor("c", [1, 4], [1, 2, 3, 4])])]);

        output.WriteLine($"identity {identity.Exposure:0.000}, pooled 8x {pooled.Exposure:0.000}, constant {constant.Exposure:0.000}");
        Assert.True(pooled.Exposure < identity.Exposure - 0.1, $"pooled {pooled.Exposure}, identity {identity.Exposure}");
        Assert.True(pooled.Exposure > constant.Exposure, $"pooled {pooled.Exposure}, constant {constant.Exposure}");
        Assert.InRange(constant.Exposure, 0, 0.35);

        // Features that carry nothing leave the decoder the mean training image: exactly the baseline.
        Assert.Equal(estimator.Baseline(input, images), constant.Exposure, 4);
    }

    [Fact]
    public void A_signal_is_scored_by_correlation_and_its_own_samples_expose_it()
    {
        var input = new ExposureInput(ExposureMetric.Pearson, [1, 512]);
        var random = new Random(5);
        var signals = Enumerable.Range(0, 32).Select(_ => SyntheticSignals.Generate(random, 512)).ToList();

        var exposure = new ExposureEstimator(Options).Measure(0, input, signals, [.. signals.Select(s => (IReadOnlyList<CapturedTensor>)[new CapturedTensor("x", [1, 512], s)])]);

        Assert.Equal(512, input.TargetLength);
        Assert.InRange(exposure.Exposure, 0, 1);
        Assert.StartsWith("global", exposure.Decoder, StringComparison.Ordinal);
    }

    [Fact]
    public void Measuring_with_the_wrong_number_of_inputs_is_refused()
    {
        var (input, images) = Images(64);

        Assert.Throws<ArgumentException>(() => new ExposureEstimator(Options).Measure(0, input, images.Take(5).ToList(), [.. images.Take(5).Select(Crossing)]));
    }

    private static (ExposureInput Input, List<float[]> Images) Images(int size)
    {
        var random = new Random(11);
        return (ExposureInput.Image(3, size, size), [.. Enumerable.Range(0, 32).Select(_ => SyntheticImages.Generate(random, 3, size, size))]);
    }

    private static IReadOnlyList<CapturedTensor> Crossing(float[] image) => [new CapturedTensor("x", [1, 3, 64, 64], image)];

    private static IReadOnlyList<CapturedTensor> Crossing(CapturedTensor tensor) => [tensor];

    private static CapturedTensor Pool(float[] image, int channels, int size, int factor)
    {
        var side = size / factor;
        var pooled = new float[channels * side * side];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    pooled[(((c * side) + (y / factor)) * side) + (x / factor)] += image[(((c * size) + y) * size) + x] / (factor * factor);
                }
            }
        }

        return new CapturedTensor("pooled", [1, channels, side, side], pooled);
    }
}
