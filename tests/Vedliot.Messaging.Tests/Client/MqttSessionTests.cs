using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Client;

public sealed class MqttSessionTests
{
    private static PublishPacket Publish(ushort id) => new() { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = id };

    [Fact]
    public void A_removed_flight_frees_its_packet_identifier()
    {
        var session = new MqttSession();
        var id = session.AllocateIdentifier();
        session.AddFlight(Publish(id), MqttMessageLifetime.Unlimited);
        Assert.NotNull(session.RemoveFlight(id));
        AllocateAllButOne(session);
        Assert.Equal(id, session.AllocateIdentifier());
    }

    [Fact]
    public void A_retired_flight_keeps_its_packet_identifier_until_the_server_session_is_gone()
    {
        var session = new MqttSession();
        var id = session.AllocateIdentifier();
        session.AddFlight(Publish(id), MqttMessageLifetime.Unlimited);
        Assert.NotNull(session.RetireFlight(id));
        Assert.Equal(0, session.FlightCount);
        AllocateAllButOne(session);
        Assert.Throws<InvalidOperationException>(() => session.AllocateIdentifier()); // the server may still hold it awaiting PUBREL

        session.ReleaseRetiredIdentifiers();
        Assert.Equal(id, session.AllocateIdentifier());
    }

    private static void AllocateAllButOne(MqttSession session)
    {
        for (var i = 0; i < ushort.MaxValue - 1; i++)
        {
            session.AllocateIdentifier();
        }
    }
}
