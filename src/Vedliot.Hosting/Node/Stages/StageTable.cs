using System.Collections.Concurrent;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// The stages a node holds, by key and by input topic. Stages are added and removed by the command worker only;
/// the receive handler looks them up by topic concurrently.
/// </summary>
internal sealed class StageTable
{
    private readonly ConcurrentDictionary<string, StageRunner> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StageRunner> _byInput = new(StringComparer.Ordinal);

    /// <summary>The keys of the stages held, in order.</summary>
    public IReadOnlyList<string> Keys => [.. _byKey.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The stages held, in key order.</summary>
    public IReadOnlyList<StageRunner> All => [.. _byKey.Values.OrderBy(s => s.Key, StringComparer.Ordinal)];

    /// <summary>The stage with <paramref name="key"/>, if held.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StageRunner? stage) => _byKey.TryGetValue(key, out stage);

    /// <summary>The stage whose input topic is <paramref name="topic"/>, if any.</summary>
    public bool TryRoute(string topic, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StageRunner? stage) => _byInput.TryGetValue(topic, out stage);

    /// <summary>Adds a stage; its key and input topic must be free.</summary>
    /// <exception cref="InvalidOperationException">The key or input topic is taken.</exception>
    public void Add(StageRunner stage)
    {
        if (!_byKey.TryAdd(stage.Key, stage))
        {
            throw new InvalidOperationException($"stage '{stage.Key}' is already held");
        }

        if (!_byInput.TryAdd(stage.Assignment.InputTopic, stage))
        {
            _byKey.TryRemove(stage.Key, out _);
            throw new InvalidOperationException($"input topic '{stage.Assignment.InputTopic}' already feeds another stage");
        }
    }

    /// <summary>Removes a stage (its messages are no longer routed to it).</summary>
    public void Remove(StageRunner stage)
    {
        _byInput.TryRemove(new KeyValuePair<string, StageRunner>(stage.Assignment.InputTopic, stage));
        _byKey.TryRemove(new KeyValuePair<string, StageRunner>(stage.Key, stage));
    }
}
