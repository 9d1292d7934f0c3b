using System.Buffers;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Fuzzing.Targets;

/// <summary>
/// Targets in Vedliot.Messaging. Each input's first byte is a mode byte that picks a variant of the call
/// (protocol version, whether to reseal checksums), so coverage-guided fuzzers reach past the checksums.
/// </summary>
public static class MessagingTargets
{
    /// <summary>MQTT packet decoders: MqttFrame.TryReadHeader, then MqttV5/V311PacketFormatter.Decode. Expected: MqttProtocolException.</summary>
    public static FuzzTarget Mqtt { get; } = new("mqtt", "MQTT 5.0 and 3.1.1 packet decoders (Formatter/, Packets/)", MessagingSeeds.Mqtt, RunMqtt);

    /// <summary>Tensor frames: TensorFrameCodec.TryDecode and Decode (memory and segmented). Expected: TensorFrameException.</summary>
    public static FuzzTarget TensorFrame { get; } = new("tensor-frame", "TensorFrameCodec (VTF1)", MessagingSeeds.TensorFrames, RunTensorFrame);

    /// <summary>Tensor bundles: TensorBundleCodec.TryDecode and Decode, TensorMessages.ReadBundle. Expected: TensorFrameException.</summary>
    public static FuzzTarget TensorBundle { get; } = new("tensor-bundle", "TensorBundleCodec (VTB1) and TensorMessages.ReadBundle", MessagingSeeds.TensorBundles, RunTensorBundle);

    /// <summary>ErrorReply.Read: documented never to throw for any payload.</summary>
    public static FuzzTarget ErrorReplyRead { get; } = new("error-reply", "ErrorReply.Read (RequestResponse/)", MessagingSeeds.ErrorReplies, RunErrorReply);

    private static readonly IMqttPacketFormatter V5 = MqttPacketFormatter.Create(MqttProtocolVersion.V500);
    private static readonly IMqttPacketFormatter V311 = MqttPacketFormatter.Create(MqttProtocolVersion.V311);

    private static string RunMqtt(ReadOnlyMemory<byte> input)
    {
        if (input.Length < 2)
        {
            return "short";
        }

        var mode = input.Span[0];
        var frame = input[1..];
        var formatter = (mode & 1) == 0 ? V5 : V311;
        try
        {
            if (MqttFrame.TryReadHeader(frame.Span, out var first, out var remaining, out var headerLength))
            {
                var body = (mode & 2) == 0 && headerLength + remaining <= frame.Length ? frame.Slice(headerLength, remaining) : frame[headerLength..];
                _ = formatter.Decode(first, body);
                return "accepted";
            }

            // An incomplete fixed header: decode the rest as a body anyway, as a reader would once bytes arrive.
            _ = formatter.Decode(frame.Span[0], frame[1..]);
            return "accepted";
        }
        catch (MqttProtocolException ex)
        {
            return Outcome.Rejected(ex);
        }
    }

    private static string RunTensorFrame(ReadOnlyMemory<byte> input)
    {
        if (input.IsEmpty)
        {
            return "short";
        }

        var mode = input.Span[0];
        var bytes = input[1..].ToArray();
        if ((mode & 1) != 0)
        {
            WireChecksums.ResealFrame(bytes);
        }

        var valid = TensorFrameCodec.TryDecode(bytes, out _, out var error);
        try
        {
            _ = (mode & 2) == 0 ? TensorFrameCodec.Decode(bytes) : TensorFrameCodec.Decode(Segmented(bytes, mode >> 2));
            Require(valid, "tensor-frame: Decode accepted what TryDecode rejected: " + error);
            return "accepted";
        }
        catch (TensorFrameException ex)
        {
            Require(!valid || (mode & 2) != 0, "tensor-frame: Decode rejected what TryDecode accepted");
            return Outcome.Rejected(ex);
        }
    }

    private static string RunTensorBundle(ReadOnlyMemory<byte> input)
    {
        if (input.IsEmpty)
        {
            return "short";
        }

        var mode = input.Span[0];
        var bytes = input[1..].ToArray();
        if ((mode & 1) != 0)
        {
            WireChecksums.ResealBundle(bytes);
        }

        var valid = TensorBundleCodec.TryDecode(bytes, out var bundle, out var error);
        try
        {
            var message = new MqttApplicationMessage
            {
                Topic = "fuzz/bundle",
                Payload = bytes,
                ContentType = (mode & 2) == 0 ? null : TensorMessages.BundleContentType,
            };
            _ = (mode & 4) == 0 ? TensorBundleCodec.Decode(bytes) : TensorMessages.ReadBundle(message, "input");
            if ((mode & 4) == 0)
            {
                Require(valid, "tensor-bundle: Decode accepted what TryDecode rejected: " + error);
                Require(TensorBundleCodec.Encode(bundle!).AsSpan().SequenceEqual(bytes), "tensor-bundle: an accepted bundle does not re-encode to its bytes");
            }

            return "accepted";
        }
        catch (TensorFrameException ex)
        {
            Require(!valid || (mode & 4) != 0, "tensor-bundle: Decode rejected what TryDecode accepted");
            return Outcome.Rejected(ex);
        }
    }

    private static string RunErrorReply(ReadOnlyMemory<byte> input)
    {
        var reply = ErrorReply.Read(new MqttApplicationMessage { Topic = "fuzz/reply", Payload = input, ContentType = ErrorReply.ContentType });
        Require(reply.Message is not null, "error-reply: Read returned a null message");
        return "accepted";
    }

    private static void Require(bool condition, string finding)
    {
        if (!condition)
        {
            throw new FuzzFindingException(finding);
        }
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int cutHint)
    {
        if (bytes.Length < 2)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var cut = 1 + (cutHint * 7 % (bytes.Length - 1));
        var first = new Segment(bytes.AsMemory(0, cut), 0);
        var last = first.Append(bytes.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
