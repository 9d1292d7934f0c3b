using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

public sealed class TensorFrameCodecTests
{
    private static TensorFrame SampleFrame()
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => i * 0.5f).ToArray();
        return new TensorFrame
        {
            ElementType = TensorElementType.Float32,
            Shape = [2, 3, 4],
            PipelineId = 0x1122334455667788,
            RequestId = 42,
            StageIndex = 3,
            Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
        };
    }

    [Fact]
    public void Frame_round_trips_with_ids_shape_and_values()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        var frame = TensorFrameCodec.Decode(bytes);
        Assert.Equal(TensorElementType.Float32, frame.ElementType);
        Assert.Equal([2L, 3L, 4L], frame.Shape);
        Assert.Equal(0x1122334455667788UL, frame.PipelineId);
        Assert.Equal(42UL, frame.RequestId);
        Assert.Equal(3u, frame.StageIndex);
        Assert.Equal(11.5f, TensorFrameCodec.GetElements<float>(frame)[23]);
        Assert.Equal(TensorFrameCodec.HeaderSize(3) + (24 * 4), bytes.Length);
        Assert.Equal(0, TensorFrameCodec.HeaderSize(3) % 8);
    }

    [Fact]
    public void Decoding_does_not_copy_the_data()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        var frame = TensorFrameCodec.Decode(bytes);
        Assert.True(MemoryMarshal.TryGetArray(frame.Data, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(TensorFrameCodec.HeaderSize(3), segment.Offset);
    }

    [Fact]
    public void Single_segment_sequences_are_read_without_copy_and_multi_segment_ones_are_joined()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        var single = TensorFrameCodec.Decode(new ReadOnlySequence<byte>(bytes));
        Assert.True(MemoryMarshal.TryGetArray(single.Data, out var segment) && segment.Array == bytes);

        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10));
        var multi = TensorFrameCodec.Decode(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.Equal(single.Data.ToArray(), multi.Data.ToArray());
    }

    [Fact]
    public void Every_flipped_bit_is_detected()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(TensorFrameCodec.TryDecode(corrupt, out _, out var error), $"bit {bit} not detected");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Corrupt_data_gives_a_checksum_error_naming_both_values()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        bytes[^1] ^= 0xFF;
        var ex = Assert.Throws<TensorFrameException>(() => TensorFrameCodec.Decode(bytes));
        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_foreign_buffers_are_rejected_with_clear_messages()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        Assert.Contains("truncated", Assert.Throws<TensorFrameException>(() => TensorFrameCodec.Decode(bytes.AsMemory(0, bytes.Length - 4))).Message, StringComparison.Ordinal);
        Assert.Contains("magic", Assert.Throws<TensorFrameException>(() => TensorFrameCodec.Decode(Encoding.ASCII.GetBytes(new string('x', 64)))).Message, StringComparison.Ordinal);
        Assert.Contains("shorter", Assert.Throws<TensorFrameException>(() => TensorFrameCodec.Decode(new byte[3])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_that_overflows_is_rejected_before_any_allocation()
    {
        var bytes = TensorFrameCodec.Encode(SampleFrame());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(28), long.MaxValue / 2);
        Assert.Contains("overflow", Assert.Throws<TensorFrameException>(() => TensorFrameCodec.Decode(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_checks_that_the_data_matches_the_shape()
    {
        var frame = new TensorFrame { ElementType = TensorElementType.Int64, Shape = [3], Data = new byte[16] };
        Assert.Throws<ArgumentException>(() => TensorFrameCodec.Encode(frame));
        Assert.Throws<ArgumentException>(() => TensorFrameCodec.GetElements<int>(new TensorFrame { ElementType = TensorElementType.Int64, Shape = [2], Data = new byte[16] }));
    }

    [Fact]
    public void Scalars_and_empty_tensors_are_valid_frames()
    {
        var scalar = TensorFrameCodec.Decode(TensorFrameCodec.Encode(new TensorFrame { ElementType = TensorElementType.Float64, Shape = [], Data = BitConverter.GetBytes(2.5) }));
        Assert.Equal(2.5, TensorFrameCodec.GetElements<double>(scalar)[0]);
        var empty = TensorFrameCodec.Decode(TensorFrameCodec.Encode(new TensorFrame { ElementType = TensorElementType.UInt8, Shape = [0, 7], Data = Array.Empty<byte>() }));
        Assert.Equal([0L, 7L], empty.Shape);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
