namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Remembers the correlation data of the last requests a stage has taken, so that a QoS 1 redelivery of one
/// (same correlation data, byte for byte) is recognised and dropped. Memory stays bounded twice over: at most
/// <see cref="Capacity"/> entries and at most <see cref="ByteCapacity"/> bytes of correlation data (MQTT allows up to
/// 65,535 bytes per message); the oldest entry is forgotten first. Keys are compared exactly, never by hash alone.
/// Not thread-safe: one stage worker owns it.
/// </summary>
internal sealed class CorrelationWindow
{
    private readonly HashSet<byte[]> _seen;
    private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Queue<byte[]> _order;
    private long _bytes;

    /// <summary>Creates an empty window.</summary>
    /// <param name="capacity">How many entries to remember (at least 1).</param>
    /// <param name="byteCapacity">How many bytes of correlation data to keep at most (at least 1); the newest entry is kept even when it alone is longer.</param>
    public CorrelationWindow(int capacity, long byteCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteCapacity, 1);
        Capacity = capacity;
        ByteCapacity = byteCapacity;
        _seen = new HashSet<byte[]>(ExactBytes.Instance);
        _lookup = _seen.GetAlternateLookup<ReadOnlySpan<byte>>();
        _order = new Queue<byte[]>();
    }

    /// <summary>How many entries the window remembers at most.</summary>
    public int Capacity { get; }

    /// <summary>How many bytes of correlation data the window keeps at most.</summary>
    public long ByteCapacity { get; }

    /// <summary>How many entries it remembers now.</summary>
    public int Count => _seen.Count;

    /// <summary>How many bytes of correlation data it keeps now.</summary>
    public long Bytes => _bytes;

    /// <summary>Records <paramref name="correlationData"/> (copied).</summary>
    /// <param name="correlationData">A request's correlation data.</param>
    /// <returns>True when it is new; false when it is among the remembered ones (a redelivery).</returns>
    public bool TryAdd(ReadOnlySpan<byte> correlationData)
    {
        if (_lookup.Contains(correlationData))
        {
            return false;
        }

        var key = correlationData.ToArray();
        _seen.Add(key);
        _order.Enqueue(key);
        _bytes += key.Length;
        while (_order.Count > 1 && (_order.Count > Capacity || _bytes > ByteCapacity))
        {
            var oldest = _order.Dequeue();
            _seen.Remove(oldest);
            _bytes -= oldest.Length;
        }

        return true;
    }

    /// <summary>Byte-for-byte equality; the hash (randomised per process) only spreads the buckets.</summary>
    private sealed class ExactBytes : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ExactBytes Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
