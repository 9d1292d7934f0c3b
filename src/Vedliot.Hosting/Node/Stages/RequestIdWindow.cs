namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Remembers the last <see cref="Capacity"/> request ids a stage has seen, so that a redelivered request is
/// recognised and dropped; memory stays bounded (the oldest id is forgotten first). Not thread-safe: one stage
/// worker owns it.
/// </summary>
internal sealed class RequestIdWindow
{
    private readonly HashSet<ulong> _seen;
    private readonly ulong[] _order;
    private int _next;

    /// <summary>Creates an empty window.</summary>
    /// <param name="capacity">How many ids to remember (at least 1).</param>
    public RequestIdWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _seen = new HashSet<ulong>(capacity);
        _order = new ulong[capacity];
    }

    /// <summary>How many ids the window remembers at most.</summary>
    public int Capacity => _order.Length;

    /// <summary>How many ids it remembers now.</summary>
    public int Count => _seen.Count;

    /// <summary>Records <paramref name="requestId"/>.</summary>
    /// <param name="requestId">The id.</param>
    /// <returns>True when it is new; false when it is among the remembered ones (a duplicate).</returns>
    public bool TryAdd(ulong requestId)
    {
        if (_seen.Contains(requestId))
        {
            return false;
        }

        if (_seen.Count == _order.Length)
        {
            _seen.Remove(_order[_next]);
        }

        _seen.Add(requestId);
        _order[_next] = requestId;
        _next = (_next + 1) % _order.Length;
        return true;
    }
}
