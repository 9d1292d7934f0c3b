using System.Text.Json;
using Vedliot.Attestation.Storage;

namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// An <see cref="IEnrollmentStore"/> keeping one JSON file per node (<c>&lt;nodeId&gt;.enrollment.json</c>) in a
/// directory. A record is written to a temporary file and moved into place without overwriting, so a binding
/// is recorded exactly once even with concurrent writers. Beside it, <c>&lt;nodeId&gt;.clock.json</c> holds the node's
/// <see cref="TpmClockFloor"/>, replaced atomically on every accepted quote.
/// </summary>
public sealed class FileEnrollmentStore : IEnrollmentStore
{
    /// <summary>
    /// Largest record read: 64 KiB. A record holds two TPM2B_PUBLIC areas in base64 (an RSA-2048 key's is
    /// about 400 bytes) and is about 1.5 KB; anything near the limit was not written by this store.
    /// </summary>
    public const int MaxRecordBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
    private readonly string _directory;

    /// <summary>Creates a store in a directory (created if missing).</summary>
    /// <param name="directory">The directory.</param>
    public FileEnrollmentStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <inheritdoc />
    /// <exception cref="AttestationStateFileException">The record is damaged, too large or unreadable; the message says how to recover.</exception>
    public async Task<EnrollmentRecord?> GetAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var path = PathFor(nodeId);
        var recovery = $"delete it to enroll node {nodeId} again (its next admission enrolls it afresh)";
        var bytes = await StateFiles.ReadAsync(path, MaxRecordBytes, "the enrollment record", recovery, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        RecordDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RecordDocument>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new AttestationStateFileException(path, $"damaged enrollment record, not valid JSON at {StateFiles.Describe(e)}", recovery, e);
        }

        if (document is null)
        {
            throw new AttestationStateFileException(path, "damaged enrollment record: it holds null, not a record", recovery, null);
        }

        if (document.NodeId != nodeId)
        {
            throw new AttestationStateFileException(path, $"damaged enrollment record: it is for node '{document.NodeId}', not {nodeId}", recovery, null);
        }

        return new EnrollmentRecord(
            document.NodeId,
            Decode(path, recovery, "ekPublic", document.EkPublic, Convert.FromBase64String),
            Decode(path, recovery, "akPublic", document.AkPublic, Convert.FromBase64String),
            Decode(path, recovery, "akName", document.AkName, Convert.FromHexString),
            document.EnrolledAt);
    }

    /// <inheritdoc />
    public async Task<bool> TryAddAsync(EnrollmentRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = PathFor(record.NodeId);
        if (File.Exists(path))
        {
            return false;
        }

        var document = new RecordDocument(
            record.NodeId,
            Convert.ToBase64String(record.EkPublic.Span),
            Convert.ToBase64String(record.AkPublic.Span),
            Convert.ToHexStringLower(record.AkName.Span),
            record.EnrolledAt);
        var temporary = Path.Combine(_directory, $".{record.NodeId}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(document, Options), cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    /// <exception cref="AttestationStateFileException">The file is damaged, too large or unreadable; the message says how to recover.</exception>
    public Task<TpmClockFloor?> GetClockFloorAsync(string nodeId, CancellationToken cancellationToken = default) =>
        ClockFloorFile.ReadAsync(ClockPathFor(nodeId), nodeId, cancellationToken);

    /// <inheritdoc />
    public Task SetClockFloorAsync(string nodeId, TpmClockFloor floor, CancellationToken cancellationToken = default) =>
        ClockFloorFile.WriteAsync(_directory, ClockPathFor(nodeId), nodeId, floor, cancellationToken);

    private string ClockPathFor(string nodeId)
    {
        _ = PathFor(nodeId); // validates the id
        return Path.Combine(_directory, nodeId + ".clock.json");
    }

    private static byte[] Decode(string path, string recovery, string field, string? text, Func<string, byte[]> decode)
    {
        try
        {
            return text is null ? throw new FormatException("the field is missing") : decode(text);
        }
        catch (FormatException e)
        {
            throw new AttestationStateFileException(path, $"damaged enrollment record: {field} cannot be decoded ({e.Message})", recovery, e);
        }
    }

    private string PathFor(string nodeId)
    {
        if (!NodeIds.IsValid(nodeId))
        {
            throw new ArgumentException($"Invalid node id \"{nodeId}\".", nameof(nodeId));
        }

        return Path.Combine(_directory, nodeId + ".enrollment.json");
    }

    private sealed record RecordDocument(string? NodeId, string? EkPublic, string? AkPublic, string? AkName, DateTimeOffset EnrolledAt);
}
