using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Tensors;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using WireElementType = Vedliot.Messaging.Tensors.TensorElementType;

namespace Vedliot.Accelerators.Tests.Tensors;

public sealed class TensorFrameConversionTests
{
    public static TheoryData<WireElementType, OrtElementType> Types => new()
    {
        { WireElementType.Float32, OrtElementType.Float },
        { WireElementType.Float16, OrtElementType.Float16 },
        { WireElementType.BFloat16, OrtElementType.BFloat16 },
        { WireElementType.Float64, OrtElementType.Double },
        { WireElementType.Int8, OrtElementType.Int8 },
        { WireElementType.UInt8, OrtElementType.UInt8 },
        { WireElementType.Int16, OrtElementType.Int16 },
        { WireElementType.Int32, OrtElementType.Int32 },
        { WireElementType.Int64, OrtElementType.Int64 },
        { WireElementType.Bool, OrtElementType.Bool },
    };

    private static TensorFrame Frame(WireElementType type, long[] shape)
    {
        var length = (int)TensorFrameCodec.DataLength(type, shape);
        var data = type == WireElementType.Bool
            ? Enumerable.Range(0, length).Select(i => (byte)(i % 2)).ToArray()
            : Enumerable.Range(0, length).Select(i => (byte)((i * 37) + 11)).ToArray();
        return new TensorFrame { ElementType = type, Shape = shape, PipelineId = 1, RequestId = 2, StageIndex = 3, Data = data };
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_frame_element_type_round_trips_through_onnx_runtime_byte_for_byte(WireElementType type, OrtElementType ortType)
    {
        var frame = Frame(type, [2, 3]);

        using var value = TensorFrameConversion.ToOrtValue(frame, "t");
        var info = value.GetTensorTypeAndShape();
        Assert.Equal(ortType, info.ElementDataType);
        Assert.Equal([2L, 3L], info.Shape);

        var back = TensorFrameConversion.ToFrame(value, "t", 9, 10, 11);
        Assert.Equal(type, back.ElementType);
        Assert.Equal([2L, 3L], back.Shape);
        Assert.Equal(frame.Data.ToArray(), back.Data.ToArray());
        Assert.Equal((9ul, 10ul, 11u), (back.PipelineId, back.RequestId, back.StageIndex));
    }

    [Fact]
    public void Values_computed_by_onnx_runtime_keep_their_numbers_and_a_scalar_its_empty_shape()
    {
        using var value = OrtValue.CreateTensorValueFromMemory(new[] { 1.5f, -2.25f, 3f }, [3]);
        var frame = TensorFrameConversion.ToFrame(value, "y", 0, 0, 0);
        Assert.Equal([1.5f, -2.25f, 3f], TensorFrameCodec.GetElements<float>(frame).ToArray());

        using var scalar = OrtValue.CreateTensorValueFromMemory(new[] { 42L }, []);
        var scalarFrame = TensorFrameConversion.ToFrame(scalar, "s", 0, 0, 0);
        Assert.Empty(scalarFrame.Shape);
        using var scalarBack = TensorFrameConversion.ToOrtValue(scalarFrame, "s");
        Assert.Equal(42L, scalarBack.GetTensorDataAsSpan<long>()[0]);
    }

    [Fact]
    public void A_decoded_bundle_frame_is_read_in_place_and_holds_the_same_values_as_a_copy()
    {
        var bundle = TensorBundleCodec.Decode(TensorBundleCodec.Encode(new TensorBundle
        {
            PipelineId = 1,
            RequestId = 2,
            StageIndex = 3,
            Tensors =
            [
                new NamedTensor { Name = "a", Frame = Frame(WireElementType.UInt8, [3]) },
                new NamedTensor { Name = "b", Frame = Frame(WireElementType.Float64, [2, 2]) },
                new NamedTensor { Name = "c", Frame = Frame(WireElementType.Int64, [5]) },
            ],
        }));

        foreach (var tensor in bundle.Tensors)
        {
            using var borrowed = TensorFrameConversion.BorrowOrtValue(tensor.Frame, tensor.Name);
            using var copy = TensorFrameConversion.ToOrtValue(tensor.Frame, tensor.Name);
            Assert.True(borrowed.IsInPlace);
            Assert.Equal(copy.GetTensorTypeAndShape().Shape, borrowed.Value.GetTensorTypeAndShape().Shape);
            Assert.Equal(copy.GetTensorMutableRawData().ToArray(), borrowed.Value.GetTensorMutableRawData().ToArray());
        }
    }

    [Fact]
    public void A_frame_whose_data_is_not_aligned_to_its_elements_is_copied_rather_than_read_in_place()
    {
        var frame = Frame(WireElementType.Float32, [2]);
        var shifted = new byte[frame.Data.Length + 1];
        frame.Data.Span.CopyTo(shifted.AsSpan(1));

        using var borrowed = TensorFrameConversion.BorrowOrtValue(new TensorFrame { ElementType = frame.ElementType, Shape = frame.Shape, Data = shifted.AsMemory(1) }, "t");

        Assert.False(borrowed.IsInPlace);
        Assert.Equal(frame.Data.ToArray(), borrowed.Value.GetTensorMutableRawData().ToArray());
    }

    [Fact]
    public void A_bundle_encoded_from_views_of_onnx_runtime_outputs_is_byte_identical_to_one_encoded_from_copies()
    {
        using var first = OrtValue.CreateTensorValueFromMemory(new[] { 1.5f, -2.25f, 3f, 4f }, [2, 2]);
        using var second = OrtValue.CreateTensorValueFromMemory(new[] { 7L, -8L, 9L }, [3]);
        using var third = OrtValue.CreateTensorValueFromMemory(new byte[] { 1, 2, 3, 4, 5 }, [5]);
        OrtValue[] values = [first, second, third];

        byte[] Encode(Func<OrtValue, string, TensorFrame> convert) => TensorBundleCodec.Encode(new TensorBundle
        {
            PipelineId = 4,
            RequestId = 5,
            StageIndex = 6,
            Tensors = [.. values.Select((v, i) => new NamedTensor { Name = $"t{i}", Frame = convert(v, $"t{i}") })],
        });

        var viewed = Encode((v, n) => TensorFrameConversion.ViewAsFrame(v, n, 4, 5, 6));
        var copied = Encode((v, n) => TensorFrameConversion.ToFrame(v, n, 4, 5, 6));

        Assert.Equal(copied, viewed);
    }

    [Fact]
    public void An_empty_tensor_round_trips()
    {
        using var value = TensorFrameConversion.ToOrtValue(Frame(WireElementType.Float32, [0, 4]), "e");

        var back = TensorFrameConversion.ToFrame(value, "e", 0, 0, 0);

        Assert.Equal([0L, 4L], back.Shape);
        Assert.Equal(0, back.Data.Length);
    }

    [Theory]
    [InlineData(OrtElementType.String)]
    [InlineData(OrtElementType.UInt16)]
    [InlineData(OrtElementType.UInt32)]
    [InlineData(OrtElementType.UInt64)]
    [InlineData(OrtElementType.Complex64)]
    public void Onnx_runtime_types_frames_do_not_carry_are_refused(OrtElementType type)
    {
        Assert.False(TensorFrameConversion.TryFromOrt(type, out _));
    }

    [Fact]
    public void A_string_output_is_a_clear_error_naming_it()
    {
        using var strings = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [2]);

        var error = Assert.Throws<TensorConversionException>(() => TensorFrameConversion.ToFrame(strings, "labels", 0, 0, 0));

        Assert.Contains("output 'labels' has element type String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_whose_data_does_not_fit_its_shape_is_refused()
    {
        var frame = new TensorFrame { ElementType = WireElementType.Float32, Shape = [2, 2], Data = new byte[12] };

        var error = Assert.Throws<TensorConversionException>(() => TensorFrameConversion.ToOrtValue(frame, "x"));

        Assert.Equal("tensor 'x': 12 bytes of data, but shape [2,2] of Float32 needs 16", error.Message);
    }

    [Fact]
    public void An_unknown_frame_element_type_is_refused()
    {
        var error = Assert.Throws<TensorConversionException>(() => TensorFrameConversion.ToOrt((WireElementType)99));

        Assert.Contains("element type 99", error.Message, StringComparison.Ordinal);
    }
}
