using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

[Collection(SwtpmGroup.Name)]
public sealed class ReattestationMonitorTests(SwtpmFixture fixture)
{
    private static readonly ReattestationOptions Options = new() { Interval = TimeSpan.FromSeconds(20), ResponseTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Rounds_run_at_the_configured_interval_and_a_changed_node_is_revoked()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        var channel = new LocalAttestationChannel();
        channel.Add(scenario.Node);
        await using var monitor = new ReattestationMonitor(scenario.Verifier, channel, Options, scenario.Time);
        monitor.Watch("node-a");
        var rounds = new RoundWaiter(monitor);
        var changes = new List<TrustChangedEventArgs>();
        scenario.Verifier.TrustChanged += (_, e) => changes.Add(e);
        monitor.Start();

        scenario.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, rounds.Completed);
        var first = rounds.Next();
        scenario.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await first).Single().Trusted);

        await scenario.Node.MeasureAsync(ArtefactType.Bitstream, "unsigned.bit", TestData.Bytes(11, 256));
        var second = rounds.Next();
        scenario.Time.Advance(TimeSpan.FromSeconds(20));
        var result = (await second).Single();

        Assert.Equal(AttestationFailure.DigestNotAllowed, result.Failure);
        Assert.Equal(2, rounds.Completed);
        Assert.True(changes[^1].IsRevocation);
        Assert.Equal(TrustState.Untrusted, scenario.Verifier.GetTrustState("node-a"));
    }

    [Fact]
    public async Task A_node_that_stops_answering_is_marked_untrusted_after_the_timeout()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var channel = new SwitchableChannel(scenario.Node);
        await using var monitor = new ReattestationMonitor(scenario.Verifier, channel, Options, scenario.Time);
        monitor.Watch("node-a");
        Assert.True((await monitor.RunRoundAsync()).Single().Trusted);
        var revoked = new TaskCompletionSource<TrustChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Verifier.TrustChanged += (_, e) => revoked.TrySetResult(e);
        monitor.Start();

        channel.Silent = true;
        scenario.Time.Advance(Options.Interval);
        Assert.False(revoked.Task.IsCompleted);
        scenario.Time.Advance(Options.ResponseTimeout);
        var change = await revoked.Task;

        Assert.True(change.IsRevocation);
        Assert.Equal(AttestationFailure.NoResponse, change.Result.Failure);
    }

    [Fact]
    public async Task A_node_whose_attester_fails_is_marked_untrusted()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var channel = new LocalAttestationChannel();
        await using var monitor = new ReattestationMonitor(scenario.Verifier, channel, Options, scenario.Time);
        monitor.Watch("node-a");

        var result = (await monitor.RunRoundAsync()).Single();

        Assert.Equal(AttestationFailure.NodeError, result.Failure);
        Assert.Contains("not reachable", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_a_timeout_not_shorter_than_the_interval_are_refused()
    {
        var options = new ReattestationOptions { Interval = TimeSpan.FromSeconds(5), ResponseTimeout = TimeSpan.FromSeconds(5) };
        Assert.Throws<InvalidOperationException>(options.Validate);
    }

    private sealed class RoundWaiter
    {
        private TaskCompletionSource<IReadOnlyList<AttestationResult>>? _next;

        public RoundWaiter(ReattestationMonitor monitor)
        {
            monitor.RoundCompleted += (_, results) =>
            {
                Completed++;
                _next?.TrySetResult(results);
            };
        }

        public int Completed { get; private set; }

        public Task<IReadOnlyList<AttestationResult>> Next()
        {
            _next = new TaskCompletionSource<IReadOnlyList<AttestationResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }
    }

    /// <summary>Forwards to the attester until switched silent; then never answers (until cancelled).</summary>
    private sealed class SwitchableChannel(NodeAttester attester) : INodeAttestationChannel
    {
        public bool Silent { get; set; }

        public async Task<AttestationEvidence> RequestEvidenceAsync(AttestationChallenge challenge, CancellationToken cancellationToken = default)
        {
            if (!Silent)
            {
                return await attester.QuoteAsync(challenge, cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
