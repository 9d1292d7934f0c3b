using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

public sealed class StatusPublisherTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Status_comes_every_interval_soon_after_each_signal_and_once_more_when_stopped()
    {
        var time = new TimerAwareFakeTimeProvider();
        await using var client = new MqttClient(new MqttClientOptions { ClientId = "status-under-test" });
        var taken = 0;
        var publisher = new StatusPublisher(client, "vedliot/deployments/test/status", () => Snapshot(time, Interlocked.Increment(ref taken)), TimeSpan.FromSeconds(1), time, NullLogger.Instance);
        var seen = Channel.CreateUnbounded<DeploymentStatus>();
        publisher.StatusChanged += s => seen.Writer.TryWrite(s);
        using var stop = new CancellationTokenSource();
        publisher.Start(stop.Token);

        // A signal needs no tick.
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(1)).WaitAsync(Guard);
        publisher.Signal();
        Assert.Equal("1", (await seen.Reader.ReadAsync().AsTask().WaitAsync(Guard)).UseCase);

        // A tick needs no signal.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("2", (await seen.Reader.ReadAsync().AsTask().WaitAsync(Guard)).UseCase);

        await publisher.StopAsync(CancellationToken.None).WaitAsync(Guard);
        Assert.Equal("3", (await seen.Reader.ReadAsync().AsTask().WaitAsync(Guard)).UseCase);
        Assert.False(seen.Reader.TryRead(out _));
    }

    private static DeploymentStatus Snapshot(TimeProvider time, int number) =>
        new(number.ToString(System.Globalization.CultureInfo.InvariantCulture), time.GetUtcNow(), DeploymentPhase.Running, [], []);
}
