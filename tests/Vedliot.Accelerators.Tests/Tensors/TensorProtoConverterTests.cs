using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Vedliot.Accelerators.Tensors;
using Vedliot.Testing;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Accelerators.Tests.Tensors;

public sealed class TensorProtoConverterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static TensorProto Tensor(DataType type, params long[] dims)
    {
        var tensor = new TensorProto { Name = "t", DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    [Fact]
    public void Float_data_and_raw_data_give_the_same_tensor()
    {
        var typed = Tensor(DataType.Float, 2);
        typed.FloatData.AddRange([1.5f, -2f]);
        var raw = Tensor(DataType.Float, 2);
        raw.RawData = ByteString.CopyFrom([.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)]);

        using var a = TensorProtoConverter.ToOrtValue(typed, "typed.pb");
        using var b = TensorProtoConverter.ToOrtValue(raw, "raw.pb");

        Assert.Equal([1.5f, -2f], a.GetTensorDataAsSpan<float>().ToArray());
        Assert.True(TensorComparer.OnnxBackend.Compare(a, b).Matches);
    }

    [Fact]
    public void Narrow_types_are_unpacked_from_int32_data()
    {
        var half = Tensor(DataType.Float16, 2);
        half.Int32Data.AddRange([BitConverter.HalfToUInt16Bits((Half)0.5f), BitConverter.HalfToUInt16Bits((Half)(-3f))]);
        var bytes = Tensor(DataType.Int8, 3);
        bytes.Int32Data.AddRange([-1, 0, 127]);
        var flags = Tensor(DataType.Bool, 2);
        flags.Int32Data.AddRange([1, 0]);

        using var h = TensorProtoConverter.ToOrtValue(half, "h.pb");
        using var b = TensorProtoConverter.ToOrtValue(bytes, "b.pb");
        using var f = TensorProtoConverter.ToOrtValue(flags, "f.pb");

        Assert.Equal([0.5, -3.0], [TensorComparer.Element(h.GetTensorDataAsSpan<byte>(), TensorElementType.Float16, 0), TensorComparer.Element(h.GetTensorDataAsSpan<byte>(), TensorElementType.Float16, 1)]);
        Assert.Equal([(sbyte)-1, (sbyte)0, (sbyte)127], b.GetTensorDataAsSpan<sbyte>().ToArray());
        Assert.Equal([true, false], f.GetTensorDataAsSpan<bool>().ToArray());
    }

    [Fact]
    public void Wide_integers_and_strings_are_read()
    {
        var longs = Tensor(DataType.Int64, 2);
        longs.Int64Data.AddRange([long.MinValue, 42]);
        var uints = Tensor(DataType.Uint32, 1);
        uints.Uint64Data.Add(uint.MaxValue);
        var text = Tensor(DataType.String, 2);
        text.StringData.AddRange([ByteString.CopyFromUtf8("héllo"), ByteString.CopyFromUtf8(string.Empty)]);

        using var l = TensorProtoConverter.ToOrtValue(longs, "l.pb");
        using var u = TensorProtoConverter.ToOrtValue(uints, "u.pb");
        using var s = TensorProtoConverter.ToOrtValue(text, "s.pb");

        Assert.Equal([long.MinValue, 42L], l.GetTensorDataAsSpan<long>().ToArray());
        Assert.Equal(uint.MaxValue, u.GetTensorDataAsSpan<uint>()[0]);
        Assert.Equal(["héllo", string.Empty], s.GetStringTensorAsArray());
    }

    [Fact]
    public void A_data_count_that_does_not_fit_the_shape_is_refused()
    {
        var tensor = Tensor(DataType.Float, 3);
        tensor.FloatData.AddRange([1f, 2f]);

        var error = Assert.Throws<TensorFileException>(() => TensorProtoConverter.ToOrtValue(tensor, "short.pb"));

        Assert.Equal("short.pb: tensor 't': float_data holds 2 values, the shape needs 3", error.Message);
    }

    [Fact]
    public void Raw_data_of_the_wrong_length_is_refused()
    {
        var tensor = Tensor(DataType.Int32, 2);
        tensor.RawData = ByteString.CopyFrom(new byte[7]);

        Assert.Contains("raw_data holds 7 bytes", Assert.Throws<TensorFileException>(() => TensorProtoConverter.ToOrtValue(tensor, "r.pb")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_tensor_file_is_named()
    {
        var path = _temp.File("corrupt.pb");
        File.WriteAllBytes(path, [0x0a, 0xff, 0xff]);

        var error = Assert.Throws<TensorFileException>(() => TensorProtoConverter.ReadFile(path));

        Assert.StartsWith($"{path}: not a valid ONNX TensorProto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequence_file_becomes_a_sequence_value()
    {
        var path = _temp.File("seq.pb");
        var first = Tensor(DataType.Float, 1);
        first.FloatData.Add(1f);
        var second = Tensor(DataType.Float, 2);
        second.FloatData.AddRange([2f, 3f]);
        using (var stream = File.Create(path))
        {
            // SequenceProto: elem_type = 1 (tensor), tensor_values = 3.
            var output = new CodedOutputStream(stream);
            output.WriteTag(2, WireFormat.WireType.Varint);
            output.WriteInt32(1);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(first);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(second);
            output.Flush();
        }

        var type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } } };
        using var sequence = OnnxDataFile.Read(path, type);

        Assert.Equal(OnnxValueType.ONNX_TYPE_SEQUENCE, sequence.OnnxType);
        Assert.Equal(2, sequence.GetValueCount());
        using var element = sequence.GetValue(1, OrtAllocator.DefaultInstance);
        Assert.Equal([2f, 3f], element.GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal(12, OrtValueSize.Bytes(sequence));
    }

    [Fact]
    public void Bfloat16_stored_as_uint16_bit_patterns_is_read_as_bfloat16()
    {
        var path = _temp.File("bf16.pb");
        var stored = Tensor(DataType.Uint16, 1);
        stored.Int32Data.Add(0x3f80);
        File.WriteAllBytes(path, stored.ToByteArray());
        var declared = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Bfloat16 } };

        using var value = OnnxDataFile.Read(path, declared);

        Assert.Equal(TensorElementType.BFloat16, value.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal(1.0, TensorComparer.Element(value.GetTensorDataAsSpan<byte>(), TensorElementType.BFloat16, 0));
    }
}
