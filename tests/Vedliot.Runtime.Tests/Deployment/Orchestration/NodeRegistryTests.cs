using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

public sealed class NodeRegistryTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Discovery_ends_as_soon_as_every_expected_node_announced_itself()
    {
        await using var test = new RegistryUnderTest();
        var options = Options(expected: new HashSet<string>(["a", "b"], StringComparer.Ordinal));
        var discovery = test.Registry.DiscoverAsync(options, CancellationToken.None);
        test.Announce("a");
        Assert.False(discovery.IsCompleted);

        test.Announce("b");
        await discovery.WaitAsync(Guard);
        Assert.Equal(["a", "b"], test.Registry.Online.Select(n => n.NodeId));
    }

    [Fact]
    public async Task Without_expected_nodes_discovery_ends_after_a_quiet_period_and_each_arrival_restarts_it()
    {
        await using var test = new RegistryUnderTest();
        var options = Options(quiet: TimeSpan.FromSeconds(3));
        var discovery = test.Registry.DiscoverAsync(options, CancellationToken.None);
        test.Announce("a");
        await test.Time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(3)).WaitAsync(Guard);
        test.Time.Advance(TimeSpan.FromSeconds(2));
        test.Announce("b");
        await test.Time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(3), test.Time.GetUtcNow()).WaitAsync(Guard);
        test.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(discovery.IsCompleted);

        test.Time.Advance(TimeSpan.FromSeconds(1));
        await discovery.WaitAsync(Guard);
        Assert.Equal(2, test.Registry.Online.Count());
    }

    [Fact]
    public async Task Discovery_without_any_node_fails_naming_the_announcement_topic()
    {
        await using var test = new RegistryUnderTest();
        var discovery = test.Registry.DiscoverAsync(Options(timeout: TimeSpan.FromSeconds(10)), CancellationToken.None);
        await test.Time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(10)).WaitAsync(Guard);
        test.Time.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<VedliotException>(() => discovery.WaitAsync(Guard));
        Assert.Contains(RegistryUnderTest.Topics.AnnouncementFilter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_past_its_timeout_goes_on_with_the_nodes_that_came()
    {
        await using var test = new RegistryUnderTest();
        var discovery = test.Registry.DiscoverAsync(Options(expected: new HashSet<string>(["a", "b"], StringComparer.Ordinal), timeout: TimeSpan.FromSeconds(10)), CancellationToken.None);
        test.Announce("a");
        await test.Time.WaitForTimerAsync(_ => true).WaitAsync(Guard);
        test.Time.Advance(TimeSpan.FromSeconds(10));

        await discovery.WaitAsync(Guard);
        Assert.Equal("a", Assert.Single(test.Registry.Online).NodeId);
    }

    [Fact]
    public async Task An_announcement_for_another_node_or_a_cleared_one_changes_nothing()
    {
        await using var test = new RegistryUnderTest();

        Assert.Null(test.Announce("a", claimedId: "b"));
        Assert.Null(test.Registry.OnAnnouncement(new Messaging.Packets.MqttApplicationMessage { Topic = RegistryUnderTest.Topics.Announcement("a") }));
        Assert.Empty(test.Registry.All);
    }

    [Fact]
    public async Task Will_message_takes_a_node_offline_and_says_it_was_online()
    {
        await using var test = new RegistryUnderTest();
        Assert.False(test.Announce("a")!.WasOnline);

        var change = test.Announce("a", NodeState.Offline)!;

        Assert.True(change.WasOnline);
        Assert.False(change.Node.IsOnline);
        Assert.Empty(test.Registry.Online);
    }

    [Fact]
    public async Task Health_wait_ends_when_every_named_online_node_reported_since()
    {
        await using var test = new RegistryUnderTest();
        test.Announce("a");
        test.Announce("b");
        var since = test.Time.GetUtcNow();
        var wait = test.Registry.WaitForHealthAsync(["a", "b"], since, TimeSpan.FromSeconds(5), CancellationToken.None);
        test.Report("a");
        Assert.False(wait.IsCompleted);

        test.Report("b", Metrics("p/g1/s0", completed: 3));
        await wait.WaitAsync(Guard);
        Assert.Equal(3, test.Registry.Find("b")!.Health!.Stages[0].Completed);
    }

    [Fact]
    public async Task Health_of_an_unknown_node_is_ignored()
    {
        await using var test = new RegistryUnderTest();

        Assert.Null(test.Report("ghost"));
    }

    internal static StageMetrics Metrics(string key, long completed = 0, long failed = 0, int queued = 0, double p50 = 1) =>
        new(key, completed, 0, failed, queued, p50, p50, FigureSource.Measured, 0.001, FigureSource.Modelled, "device model");

    private static OrchestratorOptions Options(IReadOnlySet<string>? expected = null, TimeSpan? quiet = null, TimeSpan? timeout = null) => new()
    {
        ExpectedNodes = expected ?? new HashSet<string>(StringComparer.Ordinal),
        DiscoveryQuietPeriod = quiet ?? TimeSpan.FromSeconds(3),
        DiscoveryTimeout = timeout ?? TimeSpan.FromSeconds(60),
    };
}
