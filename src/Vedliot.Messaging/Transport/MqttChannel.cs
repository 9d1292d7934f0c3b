using System.Buffers;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Transport;

/// <summary>
/// Frames MQTT packets over a connected stream. Sends are queued and written in batches by one
/// writer task (so many small packets share one socket write); receives are read by one caller at a time.
/// The channel owns the stream.
/// </summary>
/// <remarks>
/// The writer takes the queue only after yielding to the thread pool's global queue, so that packets queued
/// by a chain of continuations (say, QoS 1 publishes released one by one by a read of many PUBACKs) are
/// written together instead of one socket write each.
/// </remarks>
public sealed class MqttChannel : IAsyncDisposable
{
    /// <summary>Queued bytes above which <see cref="WaitForCapacityAsync"/> waits for the writer.</summary>
    public const int HighWatermarkBytes = 4 << 20;

    /// <summary>
    /// PUBLISH payloads at least this large, at every QoS, are written from the caller's memory instead
    /// of being copied (see <see cref="Enqueue"/>); smaller ones are copied, so the caller may reuse its
    /// buffer as soon as the packet is queued.
    /// </summary>
    public const int DetachedPayloadThreshold = 64 * 1024;

    /// <summary>PUBLISH bodies at least this large are read into pooled buffers by <see cref="ReceivePooledAsync"/>.</summary>
    public const int PooledBodyThreshold = 64 * 1024;

    /// <summary>The largest packet MQTT can express: 1 byte type, 4 bytes length, 268,435,455 bytes body.</summary>
    public const uint ProtocolMaximumPacketSize = MqttFrame.MaximumRemainingLength + 5;

    /// <summary>Queued bytes at which the writer stops waiting for more packets to join its batch.</summary>
    private const long CoalesceLimitBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly IMqttPacketFormatter _encoder;
    private readonly IMqttPacketFormatter _decoder;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _dataAvailable = new(0, 1);
    private readonly Task _writer;
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private PendingBuffer _pending = new();
    private PendingBuffer _spare = new();
    private bool _signaled;
    private List<TaskCompletionSource>? _flushWaiters;
    private TaskCompletionSource? _capacityWaiter;
    private Exception? _writeError;
    private int _readStart;
    private int _readEnd;
    private int _disposed;

    /// <summary>Creates a channel over a connected stream and starts its writer.</summary>
    /// <param name="stream">The connected stream; the channel takes ownership.</param>
    /// <param name="protocolVersion">The protocol version to speak.</param>
    public MqttChannel(Stream stream, MqttProtocolVersion protocolVersion)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _encoder = MqttPacketFormatter.Create(protocolVersion);
        _decoder = MqttPacketFormatter.Create(protocolVersion);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Largest packet the peer accepts (from CONNACK/CONNECT). Default: the protocol maximum.</summary>
    public uint MaximumOutgoingPacketSize { get; set; } = ProtocolMaximumPacketSize;

    /// <summary>Largest packet this side accepts; larger ones fail with reason code 0x95. Default: the protocol maximum.</summary>
    public uint MaximumIncomingPacketSize { get; set; } = ProtocolMaximumPacketSize;

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/> units of the provider the owner uses) of the last enqueue; maintained by the owner.</summary>
    internal long LastSendTimestamp { get; set; }

    /// <summary>Whether the channel is usable and its send queue below <see cref="HighWatermarkBytes"/>, so that <see cref="WaitForCapacityAsync"/> would not wait.</summary>
    internal bool HasCapacity
    {
        get
        {
            lock (_gate)
            {
                return _disposed == 0 && _writeError is null && _pending.TotalBytes < HighWatermarkBytes;
            }
        }
    }

    /// <summary>Waits until the send queue is below <see cref="HighWatermarkBytes"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when there is room.</returns>
    public ValueTask WaitForCapacityAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            ThrowIfBroken();
            if (_pending.TotalBytes < HighWatermarkBytes)
            {
                return ValueTask.CompletedTask;
            }

            waiter = _capacityWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return new ValueTask(waiter.Task.WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Encodes the packet into the send queue; the writer task sends it shortly. A PUBLISH
    /// payload of <see cref="DetachedPayloadThreshold"/> bytes or more is not copied: it is written
    /// from the caller's memory, which must then stay unchanged until <see cref="FlushAsync"/> completes.
    /// </summary>
    /// <param name="packet">The packet.</param>
    /// <returns>True when the payload was queued by reference (not copied).</returns>
    /// <exception cref="MqttPacketTooLargeException">The packet exceeds <see cref="MaximumOutgoingPacketSize"/>; nothing was queued.</exception>
    /// <exception cref="IOException">The connection failed or is closed.</exception>
    public bool Enqueue(MqttPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        lock (_gate)
        {
            ThrowIfBroken();
            var start = _pending.Length;
            var detach = packet is PublishPacket { Payload.Length: >= DetachedPayloadThreshold };
            ReadOnlyMemory<byte> detached;
            try
            {
                detached = detach ? _encoder.EncodeDetachingPayload(packet, _pending) : ReadOnlyMemory<byte>.Empty;
                if (!detach)
                {
                    _encoder.Encode(packet, _pending);
                }
            }
            catch
            {
                _pending.Truncate(start);
                throw;
            }

            var size = (long)_pending.Length - start + detached.Length;
            if (size > MaximumOutgoingPacketSize)
            {
                _pending.Truncate(start);
                throw new MqttPacketTooLargeException(size, MaximumOutgoingPacketSize);
            }

            if (detach)
            {
                _pending.Detach(detached);
            }

            if (!_signaled)
            {
                _signaled = true;
                _dataAvailable.Release();
            }

            return detach;
        }
    }

    /// <summary>Waits for queue room, then queues the packet.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="cancellationToken">Cancels the wait for room.</param>
    /// <returns>A task that completes when the packet is queued (or, for a payload sent by reference, written).</returns>
    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken = default)
    {
        await WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
        if (Enqueue(packet))
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until everything queued so far has been written to the stream.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the queue is written.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ThrowIfBroken();
            (_flushWaiters ??= []).Add(waiter);
            if (!_signaled)
            {
                _signaled = true;
                _dataAvailable.Release();
            }
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reads the next packet. Only one receive may be outstanding at a time.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The packet, or null when the peer closed the connection between packets.</returns>
    /// <exception cref="MqttProtocolException">The packet is malformed, too large or violates the protocol.</exception>
    /// <exception cref="EndOfStreamException">The connection closed in the middle of a packet.</exception>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken = default) =>
        (await ReceiveCoreAsync(pool: false, cancellationToken).ConfigureAwait(false)).Packet;

    /// <summary>
    /// Like <see cref="ReceiveAsync"/>, but a PUBLISH of <see cref="PooledBodyThreshold"/> bytes or
    /// more is read into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which saves a large
    /// allocation per message. The packet's payload and correlation data live in that buffer: the
    /// caller must return it to the pool when done with the packet, and not use the packet afterwards.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The packet (null at end of stream) and the rented buffer to return, if any.</returns>
    public ValueTask<(MqttPacket? Packet, byte[]? PooledBuffer)> ReceivePooledAsync(CancellationToken cancellationToken = default) =>
        ReceiveCoreAsync(pool: true, cancellationToken);

    private async ValueTask<(MqttPacket? Packet, byte[]? PooledBuffer)> ReceiveCoreAsync(bool pool, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (MqttFrame.TryReadHeader(_readBuffer.AsSpan(_readStart, _readEnd - _readStart), out var firstByte, out var remaining, out var headerLength))
            {
                var total = (long)headerLength + remaining;
                if (total > MaximumIncomingPacketSize)
                {
                    throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, "MQTT 5.0 §3.1.2.11.4", $"Received a {MqttFrame.PacketTypeOf(firstByte)} of {total} bytes; the Maximum Packet Size is {MaximumIncomingPacketSize}.");
                }

                _readStart += headerLength;
                var pooled = pool && remaining >= PooledBodyThreshold && MqttFrame.PacketTypeOf(firstByte) == MqttPacketType.Publish
                    ? ArrayPool<byte>.Shared.Rent(remaining)
                    : null;
                var body = pooled is not null ? pooled.AsMemory(0, remaining) : remaining == 0 ? Memory<byte>.Empty : GC.AllocateUninitializedArray<byte>(remaining);
                try
                {
                    var buffered = Math.Min(remaining, _readEnd - _readStart);
                    _readBuffer.AsSpan(_readStart, buffered).CopyTo(body.Span);
                    _readStart += buffered;
                    if (buffered < remaining)
                    {
                        await ReadExactlyAsync(body[buffered..], cancellationToken).ConfigureAwait(false);
                    }

                    return (_decoder.Decode(firstByte, body), pooled);
                }
                catch when (pooled is not null)
                {
                    ArrayPool<byte>.Shared.Return(pooled);
                    throw;
                }
            }

            if (_readStart > 0)
            {
                _readBuffer.AsSpan(_readStart, _readEnd - _readStart).CopyTo(_readBuffer);
                _readEnd -= _readStart;
                _readStart = 0;
            }

            var read = await _stream.ReadAsync(_readBuffer.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _readEnd == _readStart ? (null, null) : throw new EndOfStreamException("The connection closed in the middle of a packet's fixed header.");
            }

            _readEnd += read;
        }
    }

    /// <summary>Stops the writer and closes the stream. Queued bytes that were not flushed are dropped.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The writer was stopped on purpose.
        }

        _shutdown.Dispose();
        _dataAvailable.Dispose();
    }

    private async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            var read = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The connection closed in the middle of a packet.");
            }

            destination = destination[read..];
        }
    }

    private void ThrowIfBroken()
    {
        if (_disposed != 0)
        {
            throw new IOException("The connection is closed.");
        }

        if (_writeError is not null)
        {
            throw new IOException("The connection failed while sending: " + _writeError.Message, _writeError);
        }
    }

    private long PendingBytes()
    {
        lock (_gate)
        {
            return _pending.TotalBytes;
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _shutdown.Token;
        List<TaskCompletionSource>? flushed = null;
        try
        {
            while (true)
            {
                await _dataAvailable.WaitAsync(token).ConfigureAwait(false);

                // Take the batch only once the work that woke the writer has run its course. The wake-up
                // continuation goes to the waking thread's local (LIFO) queue, so it ran straight after the
                // first packet and wrote it alone: when PUBACKs release QoS 1 publishes one continuation at a
                // time, that was one socket write per PUBLISH (1.1-1.5 packets per write, measured with 1,000
                // publishes outstanding). Task.Yield requeues the writer on the thread pool's global queue,
                // which threads serve after their local work; it yields again while packets keep arriving
                // between yields (up to CoalesceLimitBytes), so that a stream released by a read of many
                // acknowledgements shares one write (5-60 packets per write in the same runs). A lone packet
                // costs one extra thread-pool hop; a batch, one hop per yield, not one per packet.
                var gathered = PendingBytes();
                while (true)
                {
                    await Task.Yield();
                    var now = PendingBytes();
                    if (now == gathered || now >= CoalesceLimitBytes)
                    {
                        break;
                    }

                    gathered = now;
                }

                PendingBuffer batch;
                lock (_gate)
                {
                    batch = _pending;
                    _pending = _spare;
                    _signaled = false;
                    flushed = _flushWaiters;
                    _flushWaiters = null;
                }

                if (batch.TotalBytes > 0)
                {
                    var written = 0;
                    foreach (var (offset, payload) in batch.Detached)
                    {
                        if (offset > written)
                        {
                            await _stream.WriteAsync(batch.WrittenMemory[written..offset], token).ConfigureAwait(false);
                        }

                        await _stream.WriteAsync(payload, token).ConfigureAwait(false);
                        written = offset;
                    }

                    if (batch.Length > written)
                    {
                        await _stream.WriteAsync(batch.WrittenMemory[written..], token).ConfigureAwait(false);
                    }

                    await _stream.FlushAsync(token).ConfigureAwait(false);
                }

                TaskCompletionSource? capacity;
                lock (_gate)
                {
                    batch.Truncate(0);
                    batch.TrimIfLarge();
                    _spare = batch;
                    capacity = _capacityWaiter;
                    _capacityWaiter = null;
                }

                capacity?.TrySetResult();
                flushed?.ForEach(static w => w.TrySetResult());
                flushed = null;
            }
        }
        catch (Exception ex)
        {
            // Any failure ends the writer; it is recorded so that later sends report it instead of vanishing.
            List<TaskCompletionSource>? waiters;
            TaskCompletionSource? capacity;
            lock (_gate)
            {
                _writeError = ex is OperationCanceledException ? new ObjectDisposedException(nameof(MqttChannel)) : ex;
                waiters = _flushWaiters;
                _flushWaiters = null;
                capacity = _capacityWaiter;
                _capacityWaiter = null;
            }

            var error = new IOException("The connection failed while sending.", _writeError);
            capacity?.TrySetException(error);
            flushed?.ForEach(w => w.TrySetException(error)); // waiting for the batch that failed
            waiters?.ForEach(w => w.TrySetException(error));
            if (ex is not OperationCanceledException)
            {
                // Unblock the reader so the owner notices the broken connection.
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A growable byte buffer that can be truncated (to roll back a packet that is too large), plus
    /// payloads to write by reference at given offsets.
    /// </summary>
    private sealed class PendingBuffer : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[16 * 1024];
        private long _detachedBytes;

        public int Length { get; private set; }

        public List<(int Offset, ReadOnlyMemory<byte> Payload)> Detached { get; } = [];

        public long TotalBytes => Length + _detachedBytes;

        public void Detach(ReadOnlyMemory<byte> payload)
        {
            Detached.Add((Length, payload));
            _detachedBytes += payload.Length;
        }

        public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

        public void Advance(int count) => Length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(Length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(Length);
        }

        public void Truncate(int length)
        {
            Length = length;
            if (length == 0)
            {
                Detached.Clear();
                _detachedBytes = 0;
            }
        }

        public void TrimIfLarge()
        {
            if (_buffer.Length > 8 * HighWatermarkBytes)
            {
                _buffer = new byte[16 * 1024];
            }
        }

        private void Ensure(int sizeHint)
        {
            sizeHint = Math.Max(sizeHint, 1);
            if (_buffer.Length - Length < sizeHint)
            {
                var size = Math.Max(_buffer.Length * 2L, (long)Length + sizeHint);
                Array.Resize(ref _buffer, (int)Math.Min(size, Array.MaxLength));
            }
        }
    }
}
