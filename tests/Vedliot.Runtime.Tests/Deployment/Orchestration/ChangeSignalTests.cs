using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

public sealed class ChangeSignalTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wait_rechecks_its_condition_on_every_pulse_and_ends_when_it_holds()
    {
        var time = new TimerAwareFakeTimeProvider();
        var signal = new ChangeSignal();
        var value = 0;
        var wait = signal.WaitUntilAsync(() => value >= 2, TimeSpan.FromSeconds(5), time, CancellationToken.None);
        value = 1;
        signal.Pulse();
        await time.WaitForTimerAsync(_ => true).WaitAsync(Guard);
        Assert.False(wait.IsCompleted);

        value = 2;
        signal.Pulse();

        Assert.True(await wait.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_wait_whose_condition_never_holds_ends_false_at_its_timeout()
    {
        var time = new TimerAwareFakeTimeProvider();
        var signal = new ChangeSignal();
        var wait = signal.WaitUntilAsync(() => false, TimeSpan.FromSeconds(5), time, CancellationToken.None);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(5)).WaitAsync(Guard);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await wait.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_condition_that_holds_already_needs_no_pulse()
    {
        Assert.True(await new ChangeSignal().WaitUntilAsync(() => true, TimeSpan.FromSeconds(1), new TimerAwareFakeTimeProvider(), CancellationToken.None));
    }
}
