using System.Buffers;
using System.Text;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Fuzzing.Targets;

/// <summary>Seed inputs for the Messaging targets: valid encodings, each behind its target's mode byte.</summary>
public static class MessagingSeeds
{
    private static readonly MqttUserProperty[] Properties = [new("k", "v"), new("ünï", "cødé")];

    /// <summary>Every packet type, in both protocol versions (mode bit 0: 0 = 5.0, 1 = 3.1.1).</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> Mqtt()
    {
        var seeds = new List<byte[]>();
        foreach (var (mode, version) in new[] { ((byte)0, MqttProtocolVersion.V500), ((byte)1, MqttProtocolVersion.V311) })
        {
            var formatter = MqttPacketFormatter.Create(version);
            foreach (var packet in Packets(version))
            {
                var writer = new ArrayBufferWriter<byte>();
                formatter.Encode(packet, writer);
                seeds.Add([mode, .. writer.WrittenSpan]);
            }
        }

        return seeds;
    }

    private static IEnumerable<MqttPacket> Packets(MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var props = v5 ? Properties : [];
        var payload = Encoding.UTF8.GetBytes("payload ✓");
        yield return new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "client-1",
            CleanStart = true,
            KeepAliveSeconds = 30,
            UserName = "user",
            Password = new byte[] { 1, 2, 3 },
            SessionExpiryIntervalSeconds = v5 ? 3600u : 0,
            ReceiveMaximum = v5 ? (ushort)10 : null,
            MaximumPacketSize = v5 ? 1u << 20 : null,
            AuthenticationMethod = v5 ? "SCRAM-SHA-256" : null,
            AuthenticationData = v5 ? new byte[] { 9 } : null,
            UserProperties = props,
            Will = new MqttApplicationMessage
            {
                Topic = "will/topic",
                Payload = payload,
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                Retain = true,
                ContentType = v5 ? "text/plain" : null,
                ResponseTopic = v5 ? "reply/here" : null,
                CorrelationData = v5 ? new byte[] { 4, 5 } : null,
                UserProperties = props,
            },
        };
        yield return new ConnAckPacket
        {
            SessionPresent = true,
            ReceiveMaximum = v5 ? (ushort)20 : null,
            MaximumQoS = v5 ? MqttQualityOfService.AtLeastOnce : null,
            AssignedClientIdentifier = v5 ? "auto-1" : null,
            TopicAliasMaximum = v5 ? (ushort)10 : (ushort)0,
            ReasonString = v5 ? "ok" : null,
            UserProperties = props,
        };
        yield return new PublishPacket
        {
            Topic = "a/b/c",
            Payload = payload,
            QualityOfService = MqttQualityOfService.ExactlyOnce,
            Retain = true,
            PacketIdentifier = 65535,
            PayloadFormat = v5 ? MqttPayloadFormat.Utf8 : MqttPayloadFormat.Unspecified,
            MessageExpiryIntervalSeconds = v5 ? 99u : null,
            TopicAlias = v5 ? (ushort)3 : (ushort)0,
            ResponseTopic = v5 ? "r/t" : null,
            CorrelationData = v5 ? new byte[] { 7 } : null,
            SubscriptionIdentifiers = v5 ? [1, 268_435_455] : [],
            ContentType = v5 ? "application/octet-stream" : null,
            UserProperties = props,
        };
        yield return new PublishPacket { Topic = "t", Payload = new byte[40] };
        yield return new PubAckPacket { PacketIdentifier = 1 };
        yield return new PubRecPacket { PacketIdentifier = 3, ReasonCode = v5 ? MqttReasonCode.NoMatchingSubscribers : MqttReasonCode.Success, ReasonString = v5 ? "none" : null, UserProperties = props };
        yield return new PubRelPacket { PacketIdentifier = 4 };
        yield return new PubCompPacket { PacketIdentifier = 5 };
        yield return new SubscribePacket
        {
            PacketIdentifier = 6,
            SubscriptionIdentifier = v5 ? 42u : 0,
            UserProperties = props,
            TopicFilters =
            [
                new MqttTopicFilter { Filter = "a/+/c", QualityOfService = MqttQualityOfService.ExactlyOnce, NoLocal = v5, RetainAsPublished = v5 },
                new MqttTopicFilter { Filter = "$share/group/x/#", QualityOfService = MqttQualityOfService.AtLeastOnce },
            ],
        };
        yield return new SubAckPacket { PacketIdentifier = 6, ReasonCodes = [MqttReasonCode.GrantedQoS2, MqttReasonCode.UnspecifiedError], ReasonString = v5 ? "partly" : null, UserProperties = props };
        yield return new UnsubscribePacket { PacketIdentifier = 7, TopicFilters = ["a/+/c", "#"], UserProperties = props };
        yield return new UnsubAckPacket { PacketIdentifier = 7, ReasonCodes = v5 ? [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] : [] };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket { ReasonCode = v5 ? MqttReasonCode.ServerMoved : MqttReasonCode.Success, ReasonString = v5 ? "bye" : null, ServerReference = v5 ? "elsewhere" : null, UserProperties = props };
        if (v5)
        {
            yield return new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = "m", AuthenticationData = new byte[] { 1, 2 }, ReasonString = "more", UserProperties = props };
        }
    }

    /// <summary>Frames of several element types and ranks (mode 1: reseal the checksum; bit 1: decode segmented).</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> TensorFrames() =>
        [.. Frames().SelectMany(frame => new[] { (byte)1, (byte)3 }.Select(mode => (byte[])[mode, .. TensorFrameCodec.Encode(frame)]))];

    /// <summary>Bundles of zero to three tensors (mode 1: reseal the checksums; bit 2: through TensorMessages.ReadBundle).</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> TensorBundles()
    {
        var frames = Frames().ToArray();
        TensorBundle Bundle(params (string Name, TensorFrame Frame)[] tensors) => new()
        {
            PipelineId = 7,
            RequestId = 42,
            StageIndex = 1,
            Tensors = [.. tensors.Select(t => new NamedTensor { Name = t.Name, Frame = t.Frame })],
        };

        byte[][] bundles =
        [
            TensorBundleCodec.Encode(Bundle()),
            TensorBundleCodec.Encode(Bundle(("a", frames[0]))),
            TensorBundleCodec.Encode(Bundle(("input", frames[1]), ("skip/äb", frames[2]), ("c", frames[3]))),
        ];
        return [.. bundles.SelectMany(bundle => new[] { (byte)1, (byte)5 }.Select(mode => (byte[])[mode, .. bundle])), [4, .. TensorFrameCodec.Encode(frames[0])]];
    }

    /// <summary>The JSON object, text that is not JSON, and an empty payload.</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> ErrorReplies() =>
        [Encoding.UTF8.GetBytes("{\"message\":\"model not loaded\"}"), Encoding.UTF8.GetBytes("plain text failure"), [], Encoding.UTF8.GetBytes("{\"MESSAGE\":\"x\",\"other\":[1,{}]}")];

    private static IEnumerable<TensorFrame> Frames()
    {
        static TensorFrame Frame(TensorElementType type, long[] shape)
        {
            var data = new byte[TensorFrameCodec.DataLength(type, shape)];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 37);
            }

            return new TensorFrame { ElementType = type, Shape = shape, PipelineId = 7, RequestId = 42, StageIndex = 1, Data = data };
        }

        yield return Frame(TensorElementType.Float32, [2, 2]);
        yield return Frame(TensorElementType.Int8, [3]);
        yield return Frame(TensorElementType.Float16, []);
        yield return Frame(TensorElementType.Bool, [0, 2]);
        yield return Frame(TensorElementType.Int64, [1, 1, 1, 1, 1, 1, 1, 2]);
    }
}
