using System.Collections.Concurrent;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Counts what a pipeline's stages did, from their nodes' health reports, over every generation: a stage's counters
/// run from its loading, so the latest report of each stage key is kept (also after the stage is released) and the
/// totals are sums over keys. Answers are what the last stage of each generation completed.
/// </summary>
internal sealed class CompletionAccount
{
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, StageMetrics> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _lastStages = new(StringComparer.Ordinal);
    private readonly Queue<(long Time, long Completed)> _answers = new();
    private readonly Lock _lock = new();

    /// <summary>Names the key of a placement's last stage, whose completions are the pipeline's answers.</summary>
    public void AddLastStage(string key) => _lastStages.TryAdd(key, 0);

    /// <summary>Takes a stage's report (keys of other pipelines are not passed here).</summary>
    public void Observe(StageMetrics metrics, long timestamp, TimeProvider time)
    {
        _latest[metrics.Key] = metrics;
        if (_lastStages.ContainsKey(metrics.Key))
        {
            lock (_lock)
            {
                _answers.Enqueue((timestamp, Completed));
                while (_answers.Count > 2 && time.GetElapsedTime(_answers.Peek().Time, timestamp) > ThroughputWindow)
                {
                    _answers.Dequeue();
                }
            }
        }
    }

    /// <summary>The latest report of a stage, if any.</summary>
    public StageMetrics? Latest(string key) => _latest.GetValueOrDefault(key);

    public long Completed => _latest.Where(p => _lastStages.ContainsKey(p.Key)).Sum(p => p.Value.Completed);

    public long Failed => _latest.Values.Sum(m => m.Failed);

    public long Duplicates => _latest.Values.Sum(m => m.Duplicates);

    /// <summary>Answers per second between the oldest and newest report of the window.</summary>
    public double ThroughputPerSecond(TimeProvider time)
    {
        lock (_lock)
        {
            if (_answers.Count < 2)
            {
                return 0;
            }

            var (firstTime, firstCount) = _answers.Peek();
            var (lastTime, lastCount) = _answers.Last();
            var seconds = time.GetElapsedTime(firstTime, lastTime).TotalSeconds;
            return seconds > 0 ? (lastCount - firstCount) / seconds : 0;
        }
    }
}
