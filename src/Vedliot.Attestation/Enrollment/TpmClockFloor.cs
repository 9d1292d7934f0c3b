using System.Globalization;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// The latest TPMS_CLOCK_INFO (TPM 2.0 Part 2, table 118) a verifier accepted from a node's TPM: no later quote
/// may show an earlier TPM state. Kept with the node's enrollment so that it outlives the verifier process.
/// </summary>
/// <param name="ClockMs">TPMS_CLOCK_INFO.clock: milliseconds the TPM has been powered since its last TPM2_Clear.</param>
/// <param name="ResetCount">TPMS_CLOCK_INFO.resetCount: TPM Resets (Startup(CLEAR) without an orderly state save) since TPM2_Clear.</param>
/// <param name="RestartCount">TPMS_CLOCK_INFO.restartCount: TPM Restarts and Resumes since the last TPM Reset.</param>
/// <param name="SeenAt">When the verifier accepted the quote that carried it.</param>
public sealed record TpmClockFloor(ulong ClockMs, uint ResetCount, uint RestartCount, DateTimeOffset SeenAt)
{
    /// <summary>The floor a quote's clock information sets.</summary>
    /// <param name="clock">The quote's TPMS_CLOCK_INFO.</param>
    /// <param name="seenAt">When it was accepted.</param>
    /// <returns>The floor.</returns>
    public static TpmClockFloor Of(TpmClockInfo clock, DateTimeOffset seenAt)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new TpmClockFloor(clock.Clock, clock.ResetCount, clock.RestartCount, seenAt);
    }

    /// <summary>
    /// Why <paramref name="current"/> shows a TPM earlier than this floor, or null when it may follow it. Rules
    /// (TPM 2.0 Part 1, "Clock and Time"): resetCount never decreases (it returns to 0 only on TPM2_Clear, which
    /// also destroys what an enrollment relies on); restartCount never decreases between two TPM Resets; clock
    /// never goes back within one reset/restart cycle; across a Reset or Restart clock may go back only when the
    /// TPM reports it unsafe (<c>safe</c> = NO: its last value was not saved before power was lost), since
    /// <c>safe</c> = YES asserts that no larger clock value was ever reported.
    /// </summary>
    /// <param name="current">The clock information of a quote whose signature and nonce verified.</param>
    /// <param name="sameCycleTolerance">
    /// How far clock may go back within one reset/restart cycle: a quote is verified up to a nonce lifetime after its
    /// nonce was issued, so two genuine quotes verified out of order differ by at most that much. Default zero.
    /// </param>
    /// <returns>The reason, naming both states, or null.</returns>
    public string? RollbackReason(TpmClockInfo current, TimeSpan sameCycleTolerance = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = Describe(ClockMs, ResetCount, RestartCount);
        var now = Describe(current.Clock, current.ResetCount, current.RestartCount);
        var since = SeenAt.ToString("O", CultureInfo.InvariantCulture);
        if (current.ResetCount < ResetCount)
        {
            return $"TPM rolled back: resetCount went back from {ResetCount} to {current.ResetCount} ({before} accepted at {since}, now {now}); the TPM's state was restored from an earlier copy, or the TPM was cleared";
        }

        if (current.ResetCount == ResetCount && current.RestartCount < RestartCount)
        {
            return $"TPM rolled back: restartCount went back from {RestartCount} to {current.RestartCount} without a TPM Reset ({before} accepted at {since}, now {now}); the TPM's state was restored from an earlier copy";
        }

        var tolerance = (ulong)Math.Max(0, sameCycleTolerance.TotalMilliseconds);
        if (current.ResetCount == ResetCount && current.RestartCount == RestartCount && current.Clock + tolerance < ClockMs)
        {
            return $"TPM rolled back: clock went back from {ClockMs} ms to {current.Clock} ms with resetCount and restartCount unchanged ({before} accepted at {since}, now {now}); the TPM's state was restored from an earlier copy";
        }

        if (current.Clock < ClockMs && current.Safe && (current.ResetCount != ResetCount || current.RestartCount != RestartCount))
        {
            return $"TPM rolled back: clock went back from {ClockMs} ms to {current.Clock} ms although the TPM reports it safe, i.e. never reported a larger value ({before} accepted at {since}, now {now}); the TPM's state was restored from an earlier copy";
        }

        return null;
    }

    /// <summary>The floor after accepting <paramref name="current"/> (which <see cref="RollbackReason"/> let pass): the later of the two states.</summary>
    /// <param name="current">The accepted quote's clock information.</param>
    /// <param name="seenAt">When it was accepted.</param>
    /// <returns>The new floor.</returns>
    public TpmClockFloor Advance(TpmClockInfo current, DateTimeOffset seenAt)
    {
        ArgumentNullException.ThrowIfNull(current);
        var sameCycle = current.ResetCount == ResetCount && current.RestartCount == RestartCount;
        return sameCycle && current.Clock < ClockMs ? this : Of(current, seenAt);
    }

    private static string Describe(ulong clock, uint reset, uint restart) =>
        string.Create(CultureInfo.InvariantCulture, $"clock {clock} ms, resetCount {reset}, restartCount {restart}");
}
