using System.Diagnostics;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;
using Vedliot.Runtime.Deployment.Orchestration;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// The throughput phase: the app submits requests as fast as its <see cref="PipelineClient"/>'s window lets it
/// (<see cref="PipelineClientOptions.MaxInFlight"/>), while the client's requests in flight and each stage's queue are sampled.
/// </summary>
internal static class ThroughputPhase
{
    /// <summary>
    /// Sends <paramref name="warmup"/> requests, then <paramref name="count"/> timed ones through <paramref name="client"/>,
    /// its window kept full. The untimed burst brings the paths only a full pipeline takes (every stage's queue and
    /// publish window busy at once) to their steady state (JIT tiers, pools, GC budgets) before timing starts.
    /// </summary>
    /// <param name="client">The app's client; its MaxInFlight is the window kept full.</param>
    /// <param name="orchestrator">Whose status gives each stage's queue.</param>
    /// <param name="frame">The request.</param>
    /// <param name="warmup">Untimed requests sent the same way first.</param>
    /// <param name="count">Timed requests.</param>
    /// <param name="stages">The pipeline's stages.</param>
    /// <param name="cpuStart">Called between the burst and the timed requests.</param>
    /// <param name="cancellationToken">Cancels the phase.</param>
    public static async Task<ThroughputFigures> RunAsync(PipelineClient client, Orchestrator orchestrator, TensorFrame frame, int warmup, int count, int stages, Action cpuStart, CancellationToken cancellationToken)
    {
        var burst = new Task[warmup];
        for (var i = 0; i < warmup; i++)
        {
            burst[i] = (await client.SubmitAsync(frame, cancellationToken)).Answer;
        }

        await Task.WhenAll(burst).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        cpuStart();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queues = SampleQueuesAsync(client, orchestrator, stages, sampling.Token);
        var arrivals = new Task<long>[count];
        var firstSent = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            // Returns once the broker has the request; waits first while the window is full.
            var request = await client.SubmitAsync(frame, cancellationToken);
            arrivals[i] = ArrivalAsync(request.Answer);
        }

        var answered = (await Task.WhenAll(arrivals).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken)).Order().ToArray();
        await sampling.CancelAsync();
        var (inFlight, waiting) = await queues;

        var overall = count / Stopwatch.GetElapsedTime(firstSent, answered[^1]).TotalSeconds;
        var trim = count / 10;
        var steady = (count - (2 * trim) - 1) / Stopwatch.GetElapsedTime(answered[trim], answered[count - 1 - trim]).TotalSeconds;
        return new ThroughputFigures(steady, overall, inFlight, waiting);
    }

    /// <summary>When the answer reached the app (its continuation; the answer itself is dropped at once).</summary>
    private static async Task<long> ArrivalAsync(Task<PipelineAnswer> answer)
    {
        await answer.ConfigureAwait(false);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Samples the client's requests in flight (every 100 ms) and each stage's node queue (from its health, every 2 s) until cancelled; returns their means.</summary>
    private static async Task<(double InFlight, double[] Waiting)> SampleQueuesAsync(PipelineClient client, Orchestrator orchestrator, int stages, CancellationToken cancellationToken)
    {
        var inFlight = new List<double>();
        var waiting = Enumerable.Range(0, stages).Select(_ => new List<double>()).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            // Skip the first 2 s: the pipeline is filling, and the nodes' first reports may predate the phase.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                inFlight.Add(client.Statistics().InFlight);
                var pipeline = orchestrator.Status().Pipelines.Single();
                for (var s = 0; s < Math.Min(stages, pipeline.Stages.Count); s++)
                {
                    if (pipeline.Stages[s].Metrics is { } metrics)
                    {
                        waiting[s].Add(metrics.Queued);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }

        return (inFlight.Count == 0 ? double.NaN : inFlight.Average(), [.. waiting.Select(w => w.Count == 0 ? double.NaN : w.Average())]);
    }
}

/// <summary>What the throughput phase measured.</summary>
/// <param name="Steady">Results per second over the middle 80% of answers.</param>
/// <param name="Overall">Results per second from the first submission to the last answer.</param>
/// <param name="InFlight">The client's requests in flight, sampled while the window was full.</param>
/// <param name="Waiting">Requests queued at each stage's node, sampled from their health reports.</param>
internal sealed record ThroughputFigures(double Steady, double Overall, double InFlight, double[] Waiting);
