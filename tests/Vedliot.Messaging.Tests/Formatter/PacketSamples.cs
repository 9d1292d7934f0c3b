using System.Buffers;
using System.Text;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Formatter;

/// <summary>Packets with every field set, and helpers to encode/decode whole frames.</summary>
public static class PacketSamples
{
    private static readonly MqttUserProperty[] Props = [new("k", "v"), new("k", "v2"), new("ünï", "cødé")];

    public static byte[] Encode(IMqttPacketFormatter formatter, MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        formatter.Encode(packet, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static MqttPacket Decode(IMqttPacketFormatter formatter, byte[] frame)
    {
        if (!MqttFrame.TryReadHeader(frame, out var first, out var remaining, out var headerLength))
        {
            throw new MqttProtocolException("Incomplete fixed header.");
        }

        if (headerLength + remaining != frame.Length)
        {
            throw new MqttProtocolException($"Frame length {frame.Length} does not match header ({headerLength} + {remaining}).");
        }

        return formatter.Decode(first, frame.AsMemory(headerLength));
    }

    public static IEnumerable<MqttPacket> AllV5()
    {
        var bytes = Encoding.UTF8.GetBytes("payload ✓");
        yield return new ConnectPacket
        {
            ClientId = "client-1",
            CleanStart = true,
            KeepAliveSeconds = 30,
            UserName = "user",
            Password = new byte[] { 1, 2, 3 },
            SessionExpiryIntervalSeconds = 3600,
            ReceiveMaximum = 10,
            MaximumPacketSize = 1 << 20,
            TopicAliasMaximum = 5,
            RequestResponseInformation = true,
            RequestProblemInformation = false,
            AuthenticationMethod = "SCRAM-SHA-256",
            AuthenticationData = new byte[] { 9, 9 },
            UserProperties = Props,
            WillDelayIntervalSeconds = 7,
            Will = new MqttApplicationMessage
            {
                Topic = "will/topic",
                Payload = bytes,
                QualityOfService = MqttQualityOfService.ExactlyOnce,
                Retain = true,
                PayloadFormat = MqttPayloadFormat.Utf8,
                MessageExpiryIntervalSeconds = 60,
                ContentType = "text/plain",
                ResponseTopic = "reply/here",
                CorrelationData = new byte[] { 4, 5 },
                UserProperties = Props,
            },
        };
        yield return new ConnectPacket { ClientId = string.Empty };
        yield return new ConnAckPacket
        {
            SessionPresent = true,
            SessionExpiryIntervalSeconds = 10,
            ReceiveMaximum = 20,
            MaximumQoS = MqttQualityOfService.AtLeastOnce,
            RetainAvailable = false,
            MaximumPacketSize = 1000,
            AssignedClientIdentifier = "auto-1",
            TopicAliasMaximum = 10,
            ReasonString = "ok",
            WildcardSubscriptionAvailable = false,
            SubscriptionIdentifiersAvailable = true,
            SharedSubscriptionAvailable = false,
            ServerKeepAliveSeconds = 15,
            ResponseInformation = "resp/",
            ServerReference = "other:1883",
            AuthenticationMethod = "m",
            AuthenticationData = new byte[] { 1 },
            UserProperties = Props,
        };
        yield return new ConnAckPacket { ReasonCode = MqttReasonCode.BadUserNameOrPassword };
        yield return new PublishPacket
        {
            Topic = "a/b/c",
            Payload = bytes,
            QualityOfService = MqttQualityOfService.ExactlyOnce,
            Retain = true,
            Duplicate = true,
            PacketIdentifier = 65535,
            PayloadFormat = MqttPayloadFormat.Utf8,
            MessageExpiryIntervalSeconds = 99,
            TopicAlias = 3,
            ResponseTopic = "r/t",
            CorrelationData = new byte[] { 7 },
            SubscriptionIdentifiers = [1, 268_435_455],
            ContentType = "application/octet-stream",
            UserProperties = Props,
        };
        yield return new PublishPacket { Topic = "t", Payload = new byte[300] };
        yield return new PublishPacket { TopicAlias = 1, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 };
        yield return new PubAckPacket { PacketIdentifier = 1 };
        yield return new PubAckPacket { PacketIdentifier = 2, ReasonCode = MqttReasonCode.NotAuthorized };
        yield return new PubRecPacket { PacketIdentifier = 3, ReasonCode = MqttReasonCode.NoMatchingSubscribers, ReasonString = "none", UserProperties = Props };
        yield return new PubRelPacket { PacketIdentifier = 4, ReasonCode = MqttReasonCode.PacketIdentifierNotFound };
        yield return new PubCompPacket { PacketIdentifier = 5 };
        yield return new SubscribePacket
        {
            PacketIdentifier = 6,
            SubscriptionIdentifier = 42,
            UserProperties = Props,
            TopicFilters =
            [
                new MqttTopicFilter { Filter = "a/+/c", QualityOfService = MqttQualityOfService.ExactlyOnce, NoLocal = true, RetainAsPublished = true, RetainHandling = MqttRetainHandling.DoNotSend },
                new MqttTopicFilter { Filter = "$share/group/x/#", QualityOfService = MqttQualityOfService.AtLeastOnce, RetainHandling = MqttRetainHandling.SendAtSubscribeIfNew },
            ],
        };
        yield return new SubAckPacket { PacketIdentifier = 6, ReasonCodes = [MqttReasonCode.GrantedQoS2, MqttReasonCode.NotAuthorized], ReasonString = "partly", UserProperties = Props };
        yield return new UnsubscribePacket { PacketIdentifier = 7, TopicFilters = ["a/+/c", "#"], UserProperties = Props };
        yield return new UnsubAckPacket { PacketIdentifier = 7, ReasonCodes = [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
        yield return new DisconnectPacket { ReasonCode = MqttReasonCode.ServerMoved, SessionExpiryIntervalSeconds = 0, ReasonString = "bye", ServerReference = "elsewhere", UserProperties = Props };
        yield return new AuthPacket();
        yield return new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = "m", AuthenticationData = new byte[] { 1, 2 }, ReasonString = "more", UserProperties = Props };
    }

    public static IEnumerable<MqttPacket> AllV311()
    {
        yield return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = "c311",
            CleanStart = true,
            KeepAliveSeconds = 60,
            UserName = "u",
            Password = new byte[] { 1 },
            Will = new MqttApplicationMessage { Topic = "w", Payload = new byte[] { 2 }, QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = true },
        };
        yield return new ConnAckPacket { SessionPresent = true };
        yield return new ConnAckPacket { ReasonCode = MqttReasonCode.NotAuthorized };
        yield return new PublishPacket { Topic = "x/y", Payload = new byte[] { 1, 2, 3 }, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 9, Retain = true, Duplicate = true };
        yield return new PublishPacket { Topic = "x", Payload = new byte[200] };
        yield return new PubAckPacket { PacketIdentifier = 1 };
        yield return new PubRecPacket { PacketIdentifier = 2 };
        yield return new PubRelPacket { PacketIdentifier = 3 };
        yield return new PubCompPacket { PacketIdentifier = 4 };
        yield return new SubscribePacket { PacketIdentifier = 5, TopicFilters = [new MqttTopicFilter { Filter = "a/#", QualityOfService = MqttQualityOfService.ExactlyOnce }] };
        yield return new SubAckPacket { PacketIdentifier = 5, ReasonCodes = [MqttReasonCode.GrantedQoS2, MqttReasonCode.UnspecifiedError] };
        yield return new UnsubscribePacket { PacketIdentifier = 6, TopicFilters = ["a/#"] };
        yield return new UnsubAckPacket { PacketIdentifier = 6 };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
    }
}
