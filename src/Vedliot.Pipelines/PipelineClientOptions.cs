namespace Vedliot.Pipelines;

/// <summary>Options of a <see cref="PipelineClient"/>; every value is checked by <see cref="Validate"/>.</summary>
public sealed class PipelineClientOptions
{
    /// <summary>Most requests in flight at once (sent, not yet answered); <see cref="PipelineClient.SubmitAsync(Messaging.Tensors.TensorFrame, CancellationToken)"/> waits for a free slot. 1–4096, default 16.</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>A request unanswered this long since it was last sent is sent again. 1 ms – 1 h, default 20 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most times one request is sent (timeouts, re-placements and reconnects all count) before it fails with <see cref="PipelineTimeoutException"/>. 1–255, default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Complete answers in the order the requests were submitted (a later answer waits for the earlier ones). Default false: each as it arrives.</summary>
    public bool Ordered { get; set; }

    /// <summary>Where answers are to come; null: the pipeline's output topic (shared with other apps; answers are told apart by correlation data).</summary>
    public string? ResponseTopic { get; set; }

    /// <summary>Longest wait in <see cref="PipelineClient.StartAsync"/> for the pipeline's notice to say it runs. 1 ms – 1 h, default 60 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock for timeouts and latencies.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, 4096, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAttempts, 255, nameof(MaxAttempts));
        foreach (var (name, value) in new[] { (nameof(RequestTimeout), RequestTimeout), (nameof(StartTimeout), StartTimeout) })
        {
            if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromHours(1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must lie between 1 ms and 1 h.");
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
