using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;

namespace Vedliot.Accelerators.Tests.Tensors;

public class TensorComparerTests
{
    private static OrtValue Floats(params float[] values) => OrtValue.CreateTensorValueFromMemory(values, [values.Length]);

    [Fact]
    public void Differences_within_rtol_and_atol_match()
    {
        using var actual = Floats(1.0009f, 0f);
        using var expected = Floats(1f, 5e-8f);

        var result = TensorComparer.OnnxBackend.Compare(actual, expected);

        Assert.True(result.Matches);
        Assert.InRange(result.MaxAbsoluteDifference, 8e-4, 1e-3);
    }

    [Fact]
    public void A_difference_beyond_tolerance_names_the_element()
    {
        using var actual = Floats(1f, 2.01f);
        using var expected = Floats(1f, 2f);

        var result = TensorComparer.OnnxBackend.Compare(actual, expected);

        Assert.False(result.Matches);
        Assert.StartsWith("element 1: ", result.Mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_matches_nan_and_infinities_must_agree()
    {
        using var nan = Floats(float.NaN, float.PositiveInfinity);
        using var same = Floats(float.NaN, float.PositiveInfinity);
        using var other = Floats(float.NaN, float.NegativeInfinity);

        Assert.True(TensorComparer.OnnxBackend.Compare(nan, same).Matches);
        Assert.False(TensorComparer.OnnxBackend.Compare(nan, other).Matches);
    }

    [Fact]
    public void Shapes_and_types_must_agree()
    {
        using var row = OrtValue.CreateTensorValueFromMemory([1f, 2f], [1, 2]);
        using var column = OrtValue.CreateTensorValueFromMemory([1f, 2f], [2, 1]);
        using var ints = OrtValue.CreateTensorValueFromMemory([1, 2], [1, 2]);

        Assert.Contains("shape [1,2] differs", TensorComparer.OnnxBackend.Compare(row, column).Mismatch, StringComparison.Ordinal);
        Assert.Contains("element type", TensorComparer.OnnxBackend.Compare(row, ints).Mismatch, StringComparison.Ordinal);
    }
}
