using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;

namespace Vedliot.Messaging.Tests.RequestResponse;

public sealed class MqttMessagesTests
{
    [Fact]
    public void A_detached_message_without_correlation_data_still_has_none()
    {
        var detached = MqttMessages.Detach(new MqttApplicationMessage { Topic = "t", Payload = new byte[] { 1 } });

        Assert.Null(detached.CorrelationData);
    }

    [Fact]
    public void A_detached_message_owns_a_copy_of_its_payload_and_correlation_data()
    {
        byte[] payload = [1, 2];
        byte[] correlation = [3, 4];

        var detached = MqttMessages.Detach(new MqttApplicationMessage { Topic = "t", Payload = payload, CorrelationData = correlation });
        payload[0] = 9;
        correlation[0] = 9;

        Assert.Equal([1, 2], detached.Payload.ToArray());
        Assert.Equal([3, 4], detached.CorrelationData!.Value.ToArray());
    }

    [Fact]
    public void Empty_correlation_data_stays_present_and_empty()
    {
        var detached = MqttMessages.Detach(new MqttApplicationMessage { Topic = "t", CorrelationData = ReadOnlyMemory<byte>.Empty });

        Assert.Equal(0, detached.CorrelationData!.Value.Length);
    }
}
