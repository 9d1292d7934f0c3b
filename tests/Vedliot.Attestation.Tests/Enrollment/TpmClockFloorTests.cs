using System.Text;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Storage;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Enrollment;

public sealed class TpmClockFloorTests
{
    private static readonly DateTimeOffset Seen = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TpmClockFloor Floor = new(ClockMs: 100_000, ResetCount: 5, RestartCount: 2, Seen);

    // Each case: clock, resetCount, restartCount, safe of the new quote, and what the refusal names (null: accepted).
    public static TheoryData<ulong, uint, uint, bool, string?> Cases => new()
    {
        { 100_000, 5, 2, true, null },              // the same state again
        { 160_000, 5, 2, true, null },              // time passes in the same boot cycle
        { 90_000, 5, 3, false, null },              // TPM Restart, last clock not saved: unsafe, may go back
        { 1_000, 6, 0, false, null },               // TPM Reset (reboot) after power loss: restartCount back to 0
        { 120_000, 6, 0, true, null },              // orderly reboot: clock went on
        { 99_999, 5, 2, true, "clock went back from 100000 ms to 99999 ms with resetCount and restartCount unchanged" },
        { 99_999, 5, 2, false, "clock went back from 100000 ms to 99999 ms with resetCount and restartCount unchanged" },
        { 200_000, 4, 9, false, "resetCount went back from 5 to 4" },
        { 200_000, 0, 0, true, "resetCount went back from 5 to 0" },
        { 200_000, 5, 1, false, "restartCount went back from 2 to 1 without a TPM Reset" },
        { 50_000, 6, 0, true, "clock went back from 100000 ms to 50000 ms although the TPM reports it safe" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_tpm_state_earlier_than_the_floor_is_a_rollback_and_a_later_one_is_not(ulong clock, uint resetCount, uint restartCount, bool safe, string? refusal)
    {
        var reason = Floor.RollbackReason(new TpmClockInfo(clock, resetCount, restartCount, safe));

        if (refusal is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.NotNull(reason);
            Assert.StartsWith("TPM rolled back: ", reason, StringComparison.Ordinal);
            Assert.Contains(refusal, reason, StringComparison.Ordinal);
            Assert.Contains("clock 100000 ms, resetCount 5, restartCount 2 accepted at 2026-01-02T03:04:05.0000000+00:00", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Within_a_boot_cycle_clock_may_go_back_by_the_tolerance_for_quotes_verified_out_of_order_and_the_floor_stays()
    {
        var late = new TpmClockInfo(95_000, 5, 2, true);

        Assert.Null(Floor.RollbackReason(late, TimeSpan.FromSeconds(5)));
        Assert.NotNull(Floor.RollbackReason(late, TimeSpan.FromSeconds(4.999)));
        Assert.Same(Floor, Floor.Advance(late, Seen.AddSeconds(1)));
        Assert.Equal(new TpmClockFloor(1_000, 6, 0, Seen.AddSeconds(1)), Floor.Advance(new TpmClockInfo(1_000, 6, 0, false), Seen.AddSeconds(1)));
    }

    [Fact]
    public async Task The_store_keeps_the_floor_beside_the_enrollment_and_replaces_it()
    {
        using var dir = new TestData.TempDirectory();
        var store = new FileEnrollmentStore(dir.Path);
        Assert.Null(await store.GetClockFloorAsync("node-1"));

        await store.SetClockFloorAsync("node-1", Floor);
        await store.SetClockFloorAsync("node-1", Floor with { ResetCount = 6, RestartCount = 0 });

        Assert.Equal(Floor with { ResetCount = 6, RestartCount = 0 }, await new FileEnrollmentStore(dir.Path).GetClockFloorAsync("node-1"));
        Assert.Equal(["node-1.clock.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{\"nodeId\":\"node-1\",\"clockMs\":", "not valid JSON at line 1")]
    [InlineData("null", "it holds null, not a floor")]
    [InlineData("{\"nodeId\":\"node-2\",\"clockMs\":1,\"resetCount\":1,\"restartCount\":0,\"seenAt\":\"2026-01-02T03:04:05+00:00\"}", "it is for node 'node-2', not node-1")]
    [InlineData("{\"nodeId\":\"node-1\",\"clockMs\":1,\"restartCount\":0,\"seenAt\":\"2026-01-02T03:04:05+00:00\"}", "resetCount is missing")]
    [InlineData("{\"nodeId\":\"node-1\",\"clockMs\":-1,\"resetCount\":1,\"restartCount\":0,\"seenAt\":\"2026-01-02T03:04:05+00:00\"}", "not valid JSON at line 1, byte")]
    public async Task A_damaged_floor_is_an_error_naming_the_file_and_how_to_recover(string content, string problem)
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "node-1.clock.json");
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false));

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => new FileEnrollmentStore(dir.Path).GetClockFloorAsync("node-1"));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}: damaged TPM clock floor", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("delete the file to accept its TPM state afresh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_floor_that_is_a_folder_is_an_error_not_a_missing_floor()
    {
        using var dir = new TestData.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "node-1.clock.json"));

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => new FileEnrollmentStore(dir.Path).GetClockFloorAsync("node-1"));

        Assert.Contains("the TPM clock floor is a folder", error.Message, StringComparison.Ordinal);
    }
}
