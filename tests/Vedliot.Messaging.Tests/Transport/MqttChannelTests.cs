using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Tests.Transport;

public sealed class MqttChannelTests : IAsyncLifetime
{
    private NetworkStream _near = null!;
    private NetworkStream _far = null!;

    public async Task InitializeAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        _near = new NetworkStream(client, ownsSocket: true);
        _far = new NetworkStream(await accept, ownsSocket: true);
    }

    public async Task DisposeAsync()
    {
        await _near.DisposeAsync();
        await _far.DisposeAsync();
    }

    private static byte[] Frame(MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        new MqttV5PacketFormatter().Encode(packet, writer);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task A_packet_trickling_in_byte_by_byte_is_reassembled()
    {
        await using var channel = new MqttChannel(_near, MqttProtocolVersion.V500);
        var frame = Frame(new PublishPacket { Topic = "slow", Payload = new byte[300] });
        var receive = channel.ReceiveAsync().AsTask();
        foreach (var b in frame)
        {
            await _far.WriteAsync(new[] { b });
        }

        var packet = Assert.IsType<PublishPacket>(await receive.WaitAsync(TestTimeouts.Safety));
        Assert.Equal("slow", packet.Topic);
        Assert.Equal(300, packet.Payload.Length);
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    public async Task Large_payloads_are_sent_by_reference_at_every_qos_and_small_ones_are_copied(MqttQualityOfService qos)
    {
        await using var sender = new MqttChannel(_near, MqttProtocolVersion.V500);
        ushort? id = qos == MqttQualityOfService.AtMostOnce ? null : 1;

        Assert.True(sender.Enqueue(new PublishPacket { Topic = "big", Payload = new byte[MqttChannel.DetachedPayloadThreshold], QualityOfService = qos, PacketIdentifier = id ?? 0 }));
        Assert.False(sender.Enqueue(new PublishPacket { Topic = "small", Payload = new byte[MqttChannel.DetachedPayloadThreshold - 1], QualityOfService = qos, PacketIdentifier = id ?? 0 }));
    }

    [Fact]
    public async Task Queued_packets_arrive_in_order_including_large_ones_sent_by_reference()
    {
        await using var sender = new MqttChannel(_near, MqttProtocolVersion.V500);
        await using var receiver = new MqttChannel(_far, MqttProtocolVersion.V500);
        var large = new byte[MqttChannel.DetachedPayloadThreshold * 3];
        new Random(8).NextBytes(large);
        for (ushort i = 1; i <= 500; i++)
        {
            var detached = sender.Enqueue(i % 100 == 0
                ? new PublishPacket { Topic = "big", Payload = large, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = i }
                : new PublishPacket { Topic = "n", Payload = BitConverter.GetBytes(i) });
            Assert.Equal(i % 100 == 0, detached);
        }

        await sender.FlushAsync().WaitAsync(TestTimeouts.Safety);
        for (ushort i = 1; i <= 500; i++)
        {
            var packet = Assert.IsType<PublishPacket>(await receiver.ReceiveAsync());
            if (i % 100 == 0)
            {
                Assert.Equal(i, packet.PacketIdentifier);
                Assert.True(packet.Payload.Span.SequenceEqual(large));
            }
            else
            {
                Assert.Equal(i, BitConverter.ToUInt16(packet.Payload.Span));
            }
        }
    }

    [Fact]
    public async Task Packets_queued_one_by_one_by_a_chain_of_continuations_all_arrive_in_order()
    {
        // The way QoS 1 publishes are released by their acknowledgements: each packet is queued by a
        // thread-pool continuation of the one before, while the writer gathers them into batches.
        await using var sender = new MqttChannel(_near, MqttProtocolVersion.V500);
        await using var receiver = new MqttChannel(_far, MqttProtocolVersion.V500);
        const int count = 2000;
        var chain = Task.CompletedTask;
        for (ushort i = 1; i <= count; i++)
        {
            var id = i;
            chain = chain.ContinueWith(_ => sender.Enqueue(new PublishPacket { Topic = "c", Payload = BitConverter.GetBytes(id), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = id }), TaskScheduler.Default);
        }

        await chain.WaitAsync(TestTimeouts.Safety);
        await sender.FlushAsync().WaitAsync(TestTimeouts.Safety);
        for (ushort i = 1; i <= count; i++)
        {
            var packet = Assert.IsType<PublishPacket>(await receiver.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Safety));
            Assert.Equal(i, packet.PacketIdentifier);
            Assert.Equal(i, BitConverter.ToUInt16(packet.Payload.Span));
        }
    }

    [Fact]
    public async Task A_lone_packet_is_written_without_waiting_for_more()
    {
        await using var sender = new MqttChannel(_near, MqttProtocolVersion.V500);
        await using var receiver = new MqttChannel(_far, MqttProtocolVersion.V500);
        sender.Enqueue(new PublishPacket { Topic = "alone", Payload = new byte[3] });
        var packet = Assert.IsType<PublishPacket>(await receiver.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Safety));
        Assert.Equal("alone", packet.Topic);
    }

    [Fact]
    public async Task A_packet_over_the_peer_limit_is_not_queued_and_later_packets_are_unaffected()
    {
        await using var sender = new MqttChannel(_near, MqttProtocolVersion.V500) { MaximumOutgoingPacketSize = 100_000 };
        await using var receiver = new MqttChannel(_far, MqttProtocolVersion.V500);
        Assert.Throws<MqttPacketTooLargeException>(() => sender.Enqueue(new PublishPacket { Topic = "x", Payload = new byte[200_000], QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 }));
        Assert.Throws<MqttPacketTooLargeException>(() => sender.Enqueue(new PublishPacket { Topic = "x", Payload = new byte[100_000] }));
        sender.Enqueue(new PublishPacket { Topic = "ok", Payload = new byte[10] });
        await sender.FlushAsync();
        Assert.Equal("ok", Assert.IsType<PublishPacket>(await receiver.ReceiveAsync()).Topic);
    }

    [Fact]
    public async Task Incoming_packet_over_the_limit_fails_before_its_body_is_read()
    {
        await using var channel = new MqttChannel(_near, MqttProtocolVersion.V500) { MaximumIncomingPacketSize = 64 };
        await _far.WriteAsync(new byte[] { 0x30, 0x80, 0x01 }); // a PUBLISH announcing 128 bytes
        var ex = await Assert.ThrowsAsync<MqttProtocolException>(() => channel.ReceiveAsync().AsTask());
        Assert.Equal(MqttReasonCode.PacketTooLarge, ex.ReasonCode);
    }

    [Fact]
    public async Task Close_between_packets_ends_the_stream_and_close_inside_a_packet_is_an_error()
    {
        await using var channel = new MqttChannel(_near, MqttProtocolVersion.V500);
        await _far.WriteAsync(Frame(PingRespPacket.Instance));
        await _far.WriteAsync(new byte[] { 0x30, 0x10, 0x00 });
        _far.Socket.Shutdown(SocketShutdown.Send);
        Assert.IsType<PingRespPacket>(await channel.ReceiveAsync());
        await Assert.ThrowsAsync<EndOfStreamException>(() => channel.ReceiveAsync().AsTask());

        await using var clean = new MqttChannel(_far, MqttProtocolVersion.V500);
        _near.Socket.Shutdown(SocketShutdown.Send);
        Assert.Null(await clean.ReceiveAsync());
    }

    [Fact]
    public async Task Sending_after_dispose_fails_with_an_IO_error()
    {
        var channel = new MqttChannel(_near, MqttProtocolVersion.V500);
        await channel.DisposeAsync();
        Assert.Throws<IOException>(() => channel.Enqueue(PingReqPacket.Instance));
    }

    [Fact]
    public async Task A_flush_waiting_for_a_batch_whose_write_fails_fails_with_an_IO_error()
    {
        var stream = new FailingSecondWriteStream();
        await using var channel = new MqttChannel(stream, MqttProtocolVersion.V500);
        channel.Enqueue(PingReqPacket.Instance);
        await stream.FirstWriteStarted.WaitAsync(TestTimeouts.Safety); // the writer is busy with the first batch
        channel.Enqueue(new PublishPacket { Topic = "t", Payload = new byte[10] });
        var flush = channel.FlushAsync();
        stream.FinishFirstWrite(); // the writer takes the second batch, with the flush waiting on it, and its write fails
        await Assert.ThrowsAsync<IOException>(() => flush.WaitAsync(TestTimeouts.Safety));
    }

    /// <summary>A stream whose first write waits for the test and whose later writes fail.</summary>
    private sealed class FailingSecondWriteStream : Stream
    {
        private readonly TaskCompletionSource _firstWriteStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finishFirstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public Task FirstWriteStarted => _firstWriteStarted.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void FinishFirstWrite() => _finishFirstWrite.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _writes) > 1)
            {
                throw new IOException("The network failed.");
            }

            _firstWriteStarted.TrySetResult();
            await _finishFirstWrite.Task.WaitAsync(cancellationToken);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
