using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

/// <summary>A TPM restored from a snapshot of its state is refused, by the verifier that saw the later state and by a new one.</summary>
public sealed class RollbackTests
{
    [Fact]
    public async Task A_tpm_restored_from_a_snapshot_is_refused_by_a_new_verifier_because_its_clock_went_back()
    {
        await using var node = await RestartableNode.StartEnrolledAsync();
        await node.StopTpmAsync();
        node.Snapshot();
        await node.StartTpmAsync();
        await node.AdvanceTpmClockAsync(TimeSpan.FromHours(1));
        using (var first = node.CreateVerifier())
        {
            var before = await node.AttestAsync(first);
            Assert.True(before.Trusted, before.Detail);
        }

        await node.StopTpmAsync();
        node.Restore();
        await node.StartTpmAsync();
        using var restarted = node.CreateVerifier();
        var after = await node.AttestAsync(restarted);

        Assert.Equal(AttestationFailure.TpmRolledBack, after.Failure);
        Assert.Contains("TPM rolled back: clock went back from", after.Detail, StringComparison.Ordinal);
        Assert.Contains("with resetCount and restartCount unchanged", after.Detail, StringComparison.Ordinal);
        Assert.Equal(TrustState.Untrusted, restarted.GetTrustState(RestartableNode.NodeId));
    }

    [Fact]
    public async Task A_tpm_restored_to_before_a_reboot_is_refused_even_after_the_history_is_forgotten()
    {
        await using var node = await RestartableNode.StartEnrolledAsync();
        await node.StopTpmAsync();
        node.Snapshot();
        await node.StartTpmAsync();
        await node.RestartTpmAsync();
        using var verifier = node.CreateVerifier();
        var before = await node.AttestAsync(verifier);
        Assert.True(before.Trusted, before.Detail);

        await node.StopTpmAsync();
        node.Restore();
        await node.StartTpmAsync();
        verifier.ForgetHistory(RestartableNode.NodeId); // what the orchestrator does when a node agent restarts
        var after = await node.AttestAsync(verifier);

        Assert.Equal(AttestationFailure.TpmRolledBack, after.Failure);
        Assert.Contains($"TPM rolled back: resetCount went back from {before.Clock!.ResetCount} to {before.Clock.ResetCount - 1}", after.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_legitimate_tpm_restart_passes_and_raises_the_stored_floor()
    {
        await using var node = await RestartableNode.StartEnrolledAsync();
        using (var first = node.CreateVerifier())
        {
            Assert.True((await node.AttestAsync(first)).Trusted);
        }

        var floor = await node.Store.GetClockFloorAsync(RestartableNode.NodeId);
        await node.RestartTpmAsync();
        using var second = node.CreateVerifier();
        var after = await node.AttestAsync(second);

        Assert.True(after.Trusted, after.Detail);
        Assert.Equal(floor!.ResetCount + 1, after.Clock!.ResetCount);
        Assert.Equal(after.Clock.ResetCount, (await node.Store.GetClockFloorAsync(RestartableNode.NodeId))!.ResetCount);
    }

    [Fact]
    public async Task A_damaged_floor_stops_verification_with_an_error_naming_the_file()
    {
        await using var node = await RestartableNode.StartEnrolledAsync();
        using var verifier = node.CreateVerifier();
        Assert.True((await node.AttestAsync(verifier)).Trusted);
        var path = Path.Combine(node.StoreDirectory, RestartableNode.NodeId + ".clock.json");
        await File.WriteAllTextAsync(path, "{ broken");

        var error = await Assert.ThrowsAsync<Vedliot.Attestation.Storage.AttestationStateFileException>(() => node.AttestAsync(verifier));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("damaged TPM clock floor", error.Message, StringComparison.Ordinal);
    }
}
