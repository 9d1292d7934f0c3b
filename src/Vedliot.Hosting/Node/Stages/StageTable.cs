using System.Collections.Concurrent;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// The stages a node holds, by key and by input topic. Several stages may read one input topic (stage 0 of two
/// generations of a pipeline while it is placed again): a message on it goes to each of them, the node subscribes
/// when the first one arrives and unsubscribes when the last one leaves. Stages are added and removed by the command
/// worker only; the receive handler looks them up by topic concurrently (it reads immutable snapshots).
/// </summary>
internal sealed class StageTable
{
    private readonly ConcurrentDictionary<string, StageRunner> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StageRunner[]> _byInput = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The keys of the stages held, in order.</summary>
    public IReadOnlyList<string> Keys => [.. _byKey.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The stages held, in key order.</summary>
    public IReadOnlyList<StageRunner> All => [.. _byKey.Values.OrderBy(s => s.Key, StringComparer.Ordinal)];

    /// <summary>The stage with <paramref name="key"/>, if held.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StageRunner? stage) => _byKey.TryGetValue(key, out stage);

    /// <summary>The stages whose input topic is <paramref name="topic"/> (in the order they were added), if any.</summary>
    public bool TryRoute(string topic, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<StageRunner>? stages)
    {
        var found = _byInput.TryGetValue(topic, out var held);
        stages = held;
        return found;
    }

    /// <summary>Adds a stage; its key must be free.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True when it is the first stage reading its input topic (the node must subscribe to it).</returns>
    /// <exception cref="InvalidOperationException">The key is taken.</exception>
    public bool Add(StageRunner stage)
    {
        lock (_lock)
        {
            if (!_byKey.TryAdd(stage.Key, stage))
            {
                throw new InvalidOperationException($"stage '{stage.Key}' is already held");
            }

            var topic = stage.Assignment.InputTopic;
            var held = _byInput.TryGetValue(topic, out var others) ? others : [];
            _byInput[topic] = [.. held, stage];
            return held.Length == 0;
        }
    }

    /// <summary>Removes a stage (its messages are no longer routed to it).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True when it was held and was the last stage reading its input topic (the node may unsubscribe from it).</returns>
    public bool Remove(StageRunner stage)
    {
        lock (_lock)
        {
            if (!_byKey.TryRemove(new KeyValuePair<string, StageRunner>(stage.Key, stage)))
            {
                return false;
            }

            var topic = stage.Assignment.InputTopic;
            var rest = _byInput.TryGetValue(topic, out var held) ? held.Where(s => s != stage).ToArray() : [];
            if (rest.Length > 0)
            {
                _byInput[topic] = rest;
                return false;
            }

            _byInput.TryRemove(topic, out _);
            return true;
        }
    }
}
