using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

public sealed class CompletionAccountTests
{
    [Fact]
    public void Answers_are_what_each_generations_last_stage_completed_and_failures_count_every_stage()
    {
        var time = new TimerAwareFakeTimeProvider();
        var account = new CompletionAccount();
        account.AddLastStage("p/g1/s1");
        account.Observe(NodeRegistryTests.Metrics("p/g1/s0", completed: 12, failed: 1), time.GetTimestamp(), time);
        account.Observe(NodeRegistryTests.Metrics("p/g1/s1", completed: 10), time.GetTimestamp(), time);

        // Re-placed: generation 2's counters start again from zero; generation 1's last report stays counted.
        account.AddLastStage("p/g2/s0");
        account.Observe(NodeRegistryTests.Metrics("p/g2/s0", completed: 5, failed: 2), time.GetTimestamp(), time);

        Assert.Equal(15, account.Completed);
        Assert.Equal(3, account.Failed);
        Assert.Equal(12, account.Latest("p/g1/s0")!.Completed);
    }

    [Fact]
    public void Throughput_is_answers_per_second_between_the_reports_of_the_last_ten_seconds()
    {
        var time = new TimerAwareFakeTimeProvider();
        var account = new CompletionAccount();
        account.AddLastStage("p/g1/s0");
        Assert.Equal(0, account.ThroughputPerSecond(time));

        foreach (var completed in new[] { 0, 40, 80, 120 })
        {
            account.Observe(NodeRegistryTests.Metrics("p/g1/s0", completed: completed), time.GetTimestamp(), time);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(20, account.ThroughputPerSecond(time), 6);

        // 20 s later the early reports have left the window: the rate is that of the newest ones.
        time.Advance(TimeSpan.FromSeconds(14));
        account.Observe(NodeRegistryTests.Metrics("p/g1/s0", completed: 120), time.GetTimestamp(), time);
        time.Advance(TimeSpan.FromSeconds(5));
        account.Observe(NodeRegistryTests.Metrics("p/g1/s0", completed: 170), time.GetTimestamp(), time);
        Assert.Equal(10, account.ThroughputPerSecond(time), 6);
    }
}
