using System.Diagnostics;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// The one-hop transfer time through the deployment's broker: one client publishes a message at QoS 1, another,
/// subscribed at QoS 1, receives it; timed from the publish call to the arrival, one message at a time. Both
/// clients live in this process, so its CPU time over the hops is what one hop costs its two ends; the broker's
/// CPU time is what it costs the broker.
/// </summary>
internal sealed class TransferProbe : IAsyncDisposable
{
    private const string Topic = "bench/probe/hop";

    private readonly MqttClient _publisher;
    private readonly MqttClient _subscriber;
    private TaskCompletionSource<long>? _arrival;

    private TransferProbe(MqttClient publisher, MqttClient subscriber)
    {
        _publisher = publisher;
        _subscriber = subscriber;
        _subscriber.MessageReceivedAsync += OnMessageAsync;
    }

    public static async Task<TransferProbe> StartAsync(LocalDeployment local, CancellationToken cancellationToken)
    {
        var publisher = await BenchDeployment.ConnectAsync(local, BenchDeployment.AppUser, "bench-probe-publisher", cancellationToken);
        MqttClient? subscriber = null;
        try
        {
            subscriber = await BenchDeployment.ConnectAsync(local, BenchDeployment.AppUser, "bench-probe-subscriber", cancellationToken);
            var probe = new TransferProbe(publisher, subscriber);
            await subscriber.SubscribeAsync(Topic, MqttQualityOfService.AtLeastOnce, cancellationToken);
            return probe;
        }
        catch
        {
            await publisher.DisposeAsync();
            if (subscriber is not null)
            {
                await subscriber.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Times <paramref name="samples"/> hops (after a few untimed ones) of a message like <paramref name="message"/>.</summary>
    /// <param name="message">The message whose payload and content type to send.</param>
    /// <param name="samples">Hops timed.</param>
    /// <param name="brokerPid">The broker's process, whose CPU time is read, or 0.</param>
    /// <param name="cancellationToken">Cancels the measurement.</param>
    public async Task<HopFigures> MeasureAsync(MqttApplicationMessage message, int samples, int brokerPid, CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        var hop = new MqttApplicationMessage
        {
            Topic = Topic,
            Payload = message.Payload,
            ContentType = message.ContentType,
            QualityOfService = MqttQualityOfService.AtLeastOnce,

            // What every message of a request carries on the new path: where to answer and the attempt's identity.
            ResponseTopic = BenchDeployment.OutputTopic,
            CorrelationData = new RequestId(Guid.NewGuid(), 1, 0).ToCorrelationData(),
        };
        var times = new double[samples];
        var clientCpu = TimeSpan.Zero;
        var brokerCpuMs = brokerPid > 0 ? -CpuAccounting.ProcessCpuMs(brokerPid) : 0;
        for (var i = -3; i < samples; i++)
        {
            if (i == 0)
            {
                self.Refresh();
                clientCpu = -self.TotalProcessorTime;
                brokerCpuMs = brokerPid > 0 ? -CpuAccounting.ProcessCpuMs(brokerPid) : 0;
            }

            var arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _arrival, arrival);
            var start = Stopwatch.GetTimestamp();
            await _publisher.PublishAsync(hop, cancellationToken);
            var arrived = await arrival.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds;
            }
        }

        self.Refresh();
        clientCpu += self.TotalProcessorTime;
        brokerCpuMs += brokerPid > 0 ? CpuAccounting.ProcessCpuMs(brokerPid) : 0;
        return new HopFigures(times, clientCpu.TotalMilliseconds / samples, brokerCpuMs / samples);
    }

    public async ValueTask DisposeAsync()
    {
        _subscriber.MessageReceivedAsync -= OnMessageAsync;
        await _publisher.DisposeAsync();
        await _subscriber.DisposeAsync();
    }

    private Task OnMessageAsync(MqttMessageReceivedEventArgs e)
    {
        var now = Stopwatch.GetTimestamp();
        if (e.Message.Topic == Topic)
        {
            Volatile.Read(ref _arrival)?.TrySetResult(now);
        }

        return Task.CompletedTask;
    }
}

/// <summary>One payload size's hops.</summary>
/// <param name="TimesMs">Publish-to-arrival time of each hop.</param>
/// <param name="ClientCpuMs">CPU time of this process (publisher and subscriber, TLS included) per hop.</param>
/// <param name="BrokerCpuMs">The broker's CPU time per hop.</param>
internal sealed record HopFigures(double[] TimesMs, double ClientCpuMs, double BrokerCpuMs)
{
    public double P50Ms => Samples.P50(TimesMs);
}
