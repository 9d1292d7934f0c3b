namespace Vedliot.Pipelines;

/// <summary>
/// Releases the outcomes of requests in the order they were submitted: an outcome that arrives early is held until
/// every earlier request has its own. Sequences count from 1 without gaps (a submission that fails to send releases
/// its slot with <see cref="Skip"/>).
/// </summary>
internal sealed class AnswerOrder
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<ulong, Action?> _held = [];
    private ulong _next = 1;

    /// <summary>Runs <paramref name="release"/> once all earlier sequences are released (now, or on a later call).</summary>
    public void Release(ulong sequence, Action release) => Add(sequence, release);

    /// <summary>Gives up a sequence that will never have an outcome.</summary>
    public void Skip(ulong sequence) => Add(sequence, null);

    /// <summary>Runs every outcome still held, in sequence order, whatever is missing before it (the client stops).</summary>
    public void Flush()
    {
        List<Action> due;
        lock (_lock)
        {
            due = [.. _held.Values.OfType<Action>()];
            _next = _held.Count > 0 ? Math.Max(_next, _held.Keys.Max() + 1) : _next;
            _held.Clear();
        }

        foreach (var action in due)
        {
            action();
        }
    }

    private void Add(ulong sequence, Action? release)
    {
        var due = new List<Action>();
        lock (_lock)
        {
            _held[sequence] = release;
            while (_held.Remove(_next, out var next))
            {
                if (next is not null)
                {
                    due.Add(next);
                }

                _next++;
            }
        }

        // Outside the lock: completing a task may run code that submits again.
        foreach (var action in due)
        {
            action();
        }
    }
}
