using Vedliot.Messaging.Packets;

namespace Vedliot.Pipelines;

/// <summary>
/// One request of a <see cref="PipelineClient"/> between its first sending and its answer: the encoded payload
/// (sent unchanged on every attempt), the attempt, the generation it last went to, and its timeout timer.
/// </summary>
internal sealed class InFlightRequest(ulong sequence, ReadOnlyMemory<byte> payload, string contentType, long firstSent)
{
    private int _resendQueued;

    public ulong Sequence { get; } = sequence;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public string ContentType { get; } = contentType;

    /// <summary>Timestamp of the first sending.</summary>
    public long FirstSent { get; } = firstSent;

    /// <summary>Times sent so far.</summary>
    public int Sendings { get; set; }

    /// <summary>The placement generation the notice named when it was last sent (0: none known).</summary>
    public int SentGeneration { get; set; }

    /// <summary>Fires when an attempt goes unanswered for the request timeout; re-armed on each sending.</summary>
    public ITimer? Timer { get; set; }

    public TaskCompletionSource<PipelineAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks a resend as queued; false when one already is, so that two reasons send only once.</summary>
    public bool TryQueueResend() => Interlocked.Exchange(ref _resendQueued, 1) == 0;

    public void ResendTaken() => Volatile.Write(ref _resendQueued, 0);

    /// <summary>The message of the next sending, with its own correlation data.</summary>
    public MqttApplicationMessage Message(string topic, string responseTopic, RequestId id) => new()
    {
        Topic = topic,
        Payload = Payload,
        ContentType = ContentType,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        ResponseTopic = responseTopic,
        CorrelationData = id.ToCorrelationData(),
    };
}
