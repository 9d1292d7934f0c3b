using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

public sealed class TensorBundleCodecTests
{
    private const ulong Pipeline = 0x1122334455667788;
    private const ulong Request = 42;
    private const uint Stage = 3;

    private static readonly TensorElementType[] AllTypes = Enum.GetValues<TensorElementType>();

    internal static TensorFrame Frame(TensorElementType type, long[] shape, int seed, ulong pipelineId = Pipeline, ulong requestId = Request, uint stageIndex = Stage)
    {
        var data = new byte[TensorFrameCodec.DataLength(type, shape)];
        new Random(seed).NextBytes(data);
        return new TensorFrame { ElementType = type, Shape = shape, PipelineId = pipelineId, RequestId = requestId, StageIndex = stageIndex, Data = data };
    }

    internal static TensorBundle Bundle(params (string Name, TensorFrame Frame)[] tensors) => new()
    {
        PipelineId = Pipeline,
        RequestId = Request,
        StageIndex = Stage,
        Tensors = tensors.Select(t => new NamedTensor { Name = t.Name, Frame = t.Frame }).ToArray(),
    };

    internal static TensorBundle SkipConnectionBundle() => Bundle(
        ("/encoder/layer3/Relu_output_0", Frame(TensorElementType.Float32, [1, 4, 3, 3], 1)),
        ("/encoder/layer1/Add_output_0", Frame(TensorElementType.Float16, [1, 2, 5, 5], 2)),
        ("mask", Frame(TensorElementType.Bool, [1, 5], 3)));

    private static byte[] FrameBytes(TensorFrame frame) => TensorFrameCodec.Encode(frame);

    private static string Rejection(byte[] bytes)
    {
        Assert.False(TensorBundleCodec.TryDecode(bytes, out var bundle, out var error));
        Assert.Null(bundle);
        var thrown = Assert.Throws<TensorFrameException>(() => TensorBundleCodec.Decode(bytes));
        Assert.Equal(error, thrown.Message);
        return error;
    }

    private static void AssertSameTensors(TensorBundle expected, TensorBundle actual)
    {
        Assert.Equal((expected.PipelineId, expected.RequestId, expected.StageIndex), (actual.PipelineId, actual.RequestId, actual.StageIndex));
        Assert.Equal(expected.Tensors.Select(t => t.Name), actual.Tensors.Select(t => t.Name));
        for (var i = 0; i < expected.Tensors.Count; i++)
        {
            var (e, a) = (expected.Tensors[i].Frame, actual.Tensors[i].Frame);
            Assert.Equal(e.ElementType, a.ElementType);
            Assert.Equal(e.Shape, a.Shape);
            Assert.Equal((e.PipelineId, e.RequestId, e.StageIndex), (a.PipelineId, a.RequestId, a.StageIndex));
            Assert.True(e.Data.Span.SequenceEqual(a.Data.Span), $"data of tensor #{i} differs");
        }
    }

    [Fact]
    public void Empty_bundle_round_trips_as_a_bare_header()
    {
        var bundle = Bundle();
        var bytes = TensorBundleCodec.Encode(bundle);
        Assert.Equal(TensorBundleCodec.HeaderSize, bytes.Length);
        var decoded = TensorBundleCodec.Decode(bytes);
        Assert.Empty(decoded.Tensors);
        AssertSameTensors(bundle, decoded);
    }

    [Fact]
    public void Bundle_of_one_tensor_round_trips()
    {
        var bundle = Bundle(("input", Frame(TensorElementType.Float32, [2, 3, 4], 7)));
        var decoded = TensorBundleCodec.Decode(TensorBundleCodec.Encode(bundle));
        AssertSameTensors(bundle, decoded);
        Assert.Equal(24, TensorFrameCodec.GetElements<float>(decoded.Tensors[0].Frame).Length);
    }

    [Fact]
    public void Several_tensors_of_every_element_type_and_rank_0_to_8_round_trip_in_order()
    {
        var tensors = new List<(string, TensorFrame)>();
        for (var rank = 0; rank <= TensorFrameCodec.MaximumRank; rank++)
        {
            foreach (var type in AllTypes)
            {
                var shape = Enumerable.Range(0, rank).Select(d => (long)(((rank + d + (int)type) % 3) + 1)).ToArray();
                tensors.Add(($"t{rank}_{type}", Frame(type, shape, tensors.Count)));
            }
        }

        var bundle = Bundle([.. tensors]);
        var bytes = TensorBundleCodec.Encode(bundle);
        Assert.Equal(TensorBundleCodec.EncodedLength(bundle), bytes.Length);
        var decoded = TensorBundleCodec.Decode(bytes);
        Assert.Equal(9 * AllTypes.Length, decoded.Tensors.Count);
        AssertSameTensors(bundle, decoded);
    }

    [Fact]
    public void Empty_tensors_and_scalars_round_trip()
    {
        var bundle = Bundle(
            ("empty", Frame(TensorElementType.Int64, [0], 1)),
            ("empty_rank_3", Frame(TensorElementType.UInt8, [4, 0, 7], 2)),
            ("scalar", Frame(TensorElementType.Float64, [], 3)),
            ("after", Frame(TensorElementType.Int8, [3], 4)));
        var decoded = TensorBundleCodec.Decode(TensorBundleCodec.Encode(bundle));
        AssertSameTensors(bundle, decoded);
        Assert.True(decoded.Tensors[0].Frame.Data.IsEmpty);
        Assert.Equal([4L, 0L, 7L], decoded.Tensors[1].Frame.Shape);
        Assert.Empty(decoded.Tensors[2].Frame.Shape);
    }

    [Fact]
    public void The_limits_of_256_tensors_and_1024_byte_names_are_inclusive()
    {
        var longName = new string('é', 511) + "ab"; // 1024 UTF-8 bytes, 513 characters
        Assert.Equal(TensorBundleCodec.MaximumNameLength, Encoding.UTF8.GetByteCount(longName));
        var tensors = Enumerable.Range(0, TensorBundleCodec.MaximumTensorCount)
            .Select(i => (i == 0 ? longName : $"t{i}", Frame(TensorElementType.Int8, [i % 3], i)))
            .ToArray();
        var bundle = Bundle(tensors);
        AssertSameTensors(bundle, TensorBundleCodec.Decode(TensorBundleCodec.Encode(bundle)));
    }

    [Fact]
    public void Unicode_names_round_trip_exactly()
    {
        var bundle = Bundle(("σ/ü/😀:0", Frame(TensorElementType.Int32, [2], 1)), ("ö", Frame(TensorElementType.Int32, [2], 2)), ("o\u0308", Frame(TensorElementType.Int32, [2], 3)));
        AssertSameTensors(bundle, TensorBundleCodec.Decode(TensorBundleCodec.Encode(bundle)));
    }

    [Fact]
    public void Embedded_frame_data_starts_at_a_multiple_of_8_from_the_bundle_start_for_every_padding()
    {
        // Names of 1..17 bytes exercise every padding length; odd data sizes shift the following entries.
        var tensors = Enumerable.Range(1, 17).Select(n => (new string('n', n - 1) + n % 10, Frame(TensorElementType.UInt8, [n], n))).ToArray();
        var bytes = TensorBundleCodec.Encode(Bundle(tensors));
        foreach (var start in new[] { 0, 1, 3, 8 })
        {
            var host = new byte[start + bytes.Length + 5];
            bytes.CopyTo(host, start);
            var decoded = TensorBundleCodec.Decode(host.AsMemory(start, bytes.Length));
            foreach (var tensor in decoded.Tensors)
            {
                Assert.True(MemoryMarshal.TryGetArray(tensor.Frame.Data, out var segment));
                Assert.Same(host, segment.Array);
                Assert.True((segment.Offset - start) % 8 == 0, $"data of '{tensor.Name}' at {segment.Offset - start}");
            }
        }

        foreach (var (_, frameOffset, _) in RawBundle.Entries(bytes))
        {
            Assert.Equal(0, frameOffset % 8);
        }
    }

    [Fact]
    public void Decoding_does_not_copy_the_data()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        var decoded = TensorBundleCodec.Decode(bytes);
        var entries = RawBundle.Entries(bytes);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.True(MemoryMarshal.TryGetArray(decoded.Tensors[i].Frame.Data, out var segment));
            Assert.Same(bytes, segment.Array);
            Assert.Equal(entries[i].FrameOffset + TensorFrameCodec.HeaderSize(decoded.Tensors[i].Frame.Shape.Count), segment.Offset);
        }
    }

    [Fact]
    public void Encoded_bytes_follow_the_documented_layout()
    {
        var bundle = SkipConnectionBundle();
        var bytes = TensorBundleCodec.Encode(bundle);
        Assert.Equal("VTB1"u8.ToArray(), bytes[..4]);
        Assert.Equal(TensorBundleCodec.FormatVersion, bytes[4]);
        Assert.Equal(0, bytes[5]);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(Pipeline, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(Request, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(Stage, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));

        // An independent writer of the documented layout produces the same bytes, checksum included.
        var raw = RawBundle.Build(Pipeline, Request, Stage, bundle.Tensors.Select(t => (Encoding.UTF8.GetBytes(t.Name), FrameBytes(t.Frame))).ToArray());
        Assert.Equal(raw, bytes);

        var entry = RawBundle.HeaderSize;
        Assert.Equal(29, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(entry)));
        Assert.Equal("/encoder/layer3/Relu_output_0"u8.ToArray(), bytes[(entry + 2)..(entry + 31)]);
        Assert.Equal(new byte[1], bytes[(entry + 31)..(entry + 32)]); // padding to 64
        Assert.Equal((ulong)TensorFrameCodec.EncodedLength(bundle.Tensors[0].Frame), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(64)));
        Assert.Equal(FrameBytes(bundle.Tensors[0].Frame), bytes[72..(72 + TensorFrameCodec.EncodedLength(bundle.Tensors[0].Frame))]);
    }

    [Fact]
    public void Encoding_to_a_buffer_writer_matches_the_array_form()
    {
        var bundle = SkipConnectionBundle();
        var writer = new ArrayBufferWriter<byte>();
        writer.Write("prefix"u8);
        var written = TensorBundleCodec.Encode(bundle, writer);
        Assert.Equal(TensorBundleCodec.EncodedLength(bundle), written);
        Assert.Equal(TensorBundleCodec.Encode(bundle), writer.WrittenSpan[6..].ToArray());
    }

    [Fact]
    public void Encoding_a_bundle_with_duplicate_names_is_rejected()
    {
        var frame = Frame(TensorElementType.Int8, [1], 1);
        var ex = Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("x", frame), ("y", frame), ("x", frame))));
        Assert.Contains("two tensors named 'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_rejects_empty_overlong_and_unencodable_names()
    {
        var frame = Frame(TensorElementType.Int8, [1], 1);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("", frame)))).Message, StringComparison.Ordinal);
        var overlong = new string('é', 512) + "a"; // 513 characters but 1025 UTF-8 bytes
        Assert.Contains("1025 UTF-8 bytes long, more than the limit of 1024", Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle((overlong, frame)))).Message, StringComparison.Ordinal);
        Assert.Contains("unpaired surrogate", Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("a\uD800b", frame)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_more_than_256_tensors_is_rejected()
    {
        var tensors = Enumerable.Range(0, 257).Select(i => ($"t{i}", Frame(TensorElementType.Int8, [1], i))).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => TensorBundleCodec.EncodedLength(Bundle(tensors)));
        Assert.Contains("at most 256 tensors, not 257", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Pipeline + 1, Request, Stage)]
    [InlineData(Pipeline, Request + 1, Stage)]
    [InlineData(Pipeline, Request, Stage + 1)]
    public void Encoding_validates_rather_than_overwrites_the_frames_ids(ulong pipelineId, ulong requestId, uint stageIndex)
    {
        var stray = Frame(TensorElementType.Float32, [2], 1, pipelineId, requestId, stageIndex);
        var writer = new ArrayBufferWriter<byte>();
        var ex = Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("ok", Frame(TensorElementType.Float32, [2], 2)), ("stray", stray)), writer));
        Assert.Contains($"Tensor 'stray' carries pipeline {pipelineId}, request {requestId}, stage {stageIndex} but the bundle has pipeline {Pipeline}, request {Request}, stage {Stage}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal((pipelineId, requestId, stageIndex), (stray.PipelineId, stray.RequestId, stray.StageIndex)); // left as it was
    }

    [Fact]
    public void Encoding_checks_each_frames_data_against_its_shape_before_writing()
    {
        var writer = new ArrayBufferWriter<byte>();
        var bad = new TensorFrame { ElementType = TensorElementType.Int64, Shape = [3], PipelineId = Pipeline, RequestId = Request, StageIndex = Stage, Data = new byte[16] };
        var ex = Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("good", Frame(TensorElementType.Int8, [4], 1)), ("bad", bad)), writer));
        Assert.Contains("Tensor 'bad' holds 16 data bytes but shape [3] of Int64 needs 24", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.WrittenCount);
        var negative = new TensorFrame { ElementType = TensorElementType.Int8, Shape = [-1], PipelineId = Pipeline, RequestId = Request, StageIndex = Stage };
        Assert.Contains("Tensor 'neg' has an invalid frame", Assert.Throws<ArgumentException>(() => TensorBundleCodec.Encode(Bundle(("neg", negative)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_shorter_than_its_header_is_rejected()
    {
        Assert.Equal("Tensor bundle of 31 bytes is shorter than the 32-byte header.", Rejection(TensorBundleCodec.Encode(Bundle())[..31]));
        Assert.Contains("shorter", Rejection([]), StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_with_bad_magic_is_rejected_and_a_lone_frame_is_named_as_such()
    {
        var bytes = TensorBundleCodec.Encode(Bundle());
        bytes[0] = (byte)'X';
        Assert.Equal("Not a tensor bundle: magic is not 'VTB1'.", Rejection(bytes));
        var frame = FrameBytes(Frame(TensorElementType.Int8, [8], 1));
        Assert.Contains("magic is 'VTF1' (a single tensor frame)", Rejection(frame), StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_with_an_unknown_version_or_reserved_flags_is_rejected()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        bytes[4] = 2;
        Assert.Equal("Tensor bundle version 2 is not supported (expected 1).", Rejection(bytes));
        bytes[4] = 1;
        bytes[5] = 0x80;
        Assert.Equal("Tensor bundle flags 0x80 are reserved and must be 0.", Rejection(bytes));
    }

    [Theory]
    [InlineData(257)]
    [InlineData(ushort.MaxValue)]
    public void Bundle_declaring_more_than_256_tensors_is_rejected(int count)
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)count);
        Assert.Equal($"Tensor bundle declares {count} tensors, more than the limit of 256.", Rejection(bytes));
    }

    [Fact]
    public void A_declared_count_is_checked_against_the_buffer_before_anything_is_allocated()
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [], declaredCount: 256);
        Array.Resize(ref bytes, 200);
        Assert.Equal("Tensor bundle declares 256 tensors, which need at least 13056 bytes, but only 168 follow the header (truncated).", Rejection(bytes));

        // Hostile lengths cost no more than the error message.
        var huge = RawBundle.Build(Pipeline, Request, Stage, [("x"u8.ToArray(), new byte[48])]);
        BinaryPrimitives.WriteUInt64LittleEndian(huge.AsSpan(40), ulong.MaxValue);
        TensorBundleCodec.TryDecode(bytes, out _, out _);
        TensorBundleCodec.TryDecode(huge, out _, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        TensorBundleCodec.TryDecode(bytes, out _, out _);
        TensorBundleCodec.TryDecode(huge, out _, out _);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2048);
    }

    [Fact]
    public void Every_truncation_of_a_bundle_is_rejected_as_truncated()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Rejection(bytes[..length]);
            Assert.True(error.Contains("truncated", StringComparison.Ordinal) || error.Contains("shorter", StringComparison.Ordinal), $"length {length}: {error}");
        }
    }

    [Fact]
    public void Bundle_with_trailing_bytes_is_rejected()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        Assert.Equal("Tensor bundle has 8 trailing bytes after its last tensor.", Rejection([.. bytes, .. new byte[8]]));
        Assert.Equal("Tensor bundle has 1 trailing bytes after its header.", Rejection([.. TensorBundleCodec.Encode(Bundle()), 0]));
    }

    [Fact]
    public void Bundle_with_duplicate_names_is_rejected()
    {
        var frame = FrameBytes(Frame(TensorElementType.Int8, [2], 1));
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("a"u8.ToArray(), frame), ("b"u8.ToArray(), frame), ("a"u8.ToArray(), frame)]);
        Assert.Equal("Tensor bundle holds two tensors named 'a' (entries #0 and #2).", Rejection(bytes));
    }

    [Fact]
    public void Bundle_with_an_empty_name_is_rejected()
    {
        var frame = FrameBytes(Frame(TensorElementType.Int8, [2], 1));
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("a"u8.ToArray(), frame), ([], frame)]);
        Assert.Equal("Tensor bundle entry #1 has an empty name.", Rejection(bytes));
    }

    [Fact]
    public void Bundle_with_a_name_over_1024_bytes_is_rejected()
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [(Enumerable.Repeat((byte)'n', 1025).ToArray(), FrameBytes(Frame(TensorElementType.Int8, [2], 1)))]);
        Assert.Equal("Tensor bundle entry #0 has a name of 1025 bytes, more than the limit of 1024.", Rejection(bytes));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })] // truncated two-byte sequence
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { (byte)'a', 0xFF })]
    public void Bundle_with_an_invalid_utf8_name_is_rejected(byte[] name)
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("ok"u8.ToArray(), FrameBytes(Frame(TensorElementType.Int8, [2], 1))), (name, FrameBytes(Frame(TensorElementType.Int8, [2], 2)))]);
        Assert.Equal("Tensor bundle entry #1 has a name that is not valid UTF-8.", Rejection(bytes));
    }

    [Fact]
    public void Bundle_with_non_zero_padding_is_rejected()
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("abc"u8.ToArray(), FrameBytes(Frame(TensorElementType.Int8, [2], 1)))]);
        bytes[RawBundle.HeaderSize + 2 + 3] = 0x20;
        RawBundle.Reseal(bytes);
        Assert.Equal("Tensor bundle entry #0 has non-zero padding after its name.", Rejection(bytes));
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 32)]
    [InlineData(97UL)]
    public void Bundle_whose_frame_length_runs_past_the_buffer_is_rejected(ulong declared)
    {
        var frame = FrameBytes(Frame(TensorElementType.Int8, [40], 1)); // 40 + 8 + 40 = 88 bytes
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("x"u8.ToArray(), frame)]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), declared);
        RawBundle.Reseal(bytes);
        Assert.Equal($"Tensor bundle entry #0 declares a frame of {declared} bytes but only 88 remain (truncated).", Rejection(bytes));
    }

    [Fact]
    public void Bundle_with_a_corrupt_embedded_frame_is_rejected_naming_the_tensor()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        var (_, frameOffset, frameLength) = RawBundle.Entries(bytes)[1];
        bytes[frameOffset + frameLength - 1] ^= 0x01;
        var error = Rejection(bytes);
        Assert.StartsWith("Tensor '/encoder/layer1/Add_output_0' (entry #1) holds an invalid frame: Tensor frame checksum mismatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_with_a_foreign_or_short_embedded_frame_is_rejected_with_the_frame_error()
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [("x"u8.ToArray(), Encoding.ASCII.GetBytes(new string('z', 48)))]);
        Assert.Equal("Tensor 'x' (entry #0) holds an invalid frame: Not a tensor frame: magic is not 'VTF1'.", Rejection(bytes));
        bytes = RawBundle.Build(Pipeline, Request, Stage, [("x"u8.ToArray(), new byte[3]), ("y"u8.ToArray(), FrameBytes(Frame(TensorElementType.Int8, [64], 1)))]);
        Assert.Contains("Tensor 'x' (entry #0) holds an invalid frame: Tensor frame of 3 bytes is shorter", Rejection(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Pipeline + 1, Request, Stage)]
    [InlineData(Pipeline, Request ^ 0x8000, Stage)]
    [InlineData(Pipeline, Request, 0u)]
    public void Bundle_whose_header_ids_disagree_with_a_frame_is_rejected(ulong pipelineId, ulong requestId, uint stageIndex)
    {
        var bytes = RawBundle.Build(Pipeline, Request, Stage, [
            ("ok"u8.ToArray(), FrameBytes(Frame(TensorElementType.Int8, [2], 1))),
            ("other"u8.ToArray(), FrameBytes(Frame(TensorElementType.Int8, [2], 2, pipelineId, requestId, stageIndex)))]);
        Assert.Equal($"Tensor 'other' (entry #1) carries pipeline {pipelineId}, request {requestId}, stage {stageIndex} but the bundle header says pipeline {Pipeline}, request {Request}, stage {Stage}.", Rejection(bytes));
    }

    [Fact]
    public void A_corrupted_name_is_caught_by_the_bundle_checksum()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        bytes[RawBundle.HeaderSize + 2 + 14] ^= 0x02; // "layer3" becomes "layer1": still a valid, unique name
        Assert.StartsWith("Tensor bundle checksum mismatch: stored CRC-32C 0x", Rejection(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_flipped_bit_is_detected()
    {
        var bytes = TensorBundleCodec.Encode(SkipConnectionBundle());
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(TensorBundleCodec.TryDecode(corrupt, out _, out var error), $"bit {bit} not detected");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Names_in_error_messages_are_shortened_and_free_of_control_characters()
    {
        var name = "evil\nname" + new string('x', 200);
        var frame = FrameBytes(Frame(TensorElementType.Int8, [2], 1));
        var error = Rejection(RawBundle.Build(Pipeline, Request, Stage, [(Encoding.UTF8.GetBytes(name), frame), (Encoding.UTF8.GetBytes(name), frame)]));
        Assert.DoesNotContain('\n', error);
        Assert.Contains("'evil?name", error, StringComparison.Ordinal);
        Assert.True(error.Length < 200, error);
    }
}
