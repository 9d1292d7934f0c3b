using System.Text.Json;
using Vedliot.Attestation.Storage;

namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// A node's <see cref="TpmClockFloor"/> as <see cref="FileEnrollmentStore"/> keeps it: <c>&lt;nodeId&gt;.clock.json</c>
/// beside the enrollment record, replaced atomically (written to a temporary file, then renamed over the old one).
/// </summary>
internal static class ClockFloorFile
{
    /// <summary>Largest file read: 4 KiB (a floor is about 150 bytes).</summary>
    public const int MaxBytes = 4 * 1024;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static string Recovery(string nodeId) =>
        $"if node {nodeId}'s TPM was legitimately cleared or replaced, delete the file to accept its TPM state afresh (its next trusted quote records a new floor); otherwise keep it, as a TPM rolled back before then goes unnoticed";

    public static async Task<TpmClockFloor?> ReadAsync(string path, string nodeId, CancellationToken cancellationToken)
    {
        var recovery = Recovery(nodeId);
        var bytes = await StateFiles.ReadAsync(path, MaxBytes, "the TPM clock floor", recovery, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new AttestationStateFileException(path, $"damaged TPM clock floor, not valid JSON at {StateFiles.Describe(e)}", recovery, e);
        }

        if (document is null)
        {
            throw new AttestationStateFileException(path, "damaged TPM clock floor: it holds null, not a floor", recovery, null);
        }

        if (document.NodeId != nodeId)
        {
            throw new AttestationStateFileException(path, $"damaged TPM clock floor: it is for node '{document.NodeId}', not {nodeId}", recovery, null);
        }

        return new TpmClockFloor(
            Required(path, recovery, "clockMs", document.ClockMs),
            Required(path, recovery, "resetCount", document.ResetCount),
            Required(path, recovery, "restartCount", document.RestartCount),
            Required(path, recovery, "seenAt", document.SeenAt));
    }

    public static async Task WriteAsync(string directory, string path, string nodeId, TpmClockFloor floor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(floor);
        var document = new Document(nodeId, floor.ClockMs, floor.ResetCount, floor.RestartCount, floor.SeenAt);
        var temporary = Path.Combine(directory, $".{nodeId}.clock.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(document, Options), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static T Required<T>(string path, string recovery, string field, T? value)
        where T : struct =>
        value ?? throw new AttestationStateFileException(path, $"damaged TPM clock floor: {field} is missing", recovery, null);

    private sealed record Document(string? NodeId, ulong? ClockMs, uint? ResetCount, uint? RestartCount, DateTimeOffset? SeenAt);
}
