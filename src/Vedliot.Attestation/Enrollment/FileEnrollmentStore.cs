using System.Text.Json;

namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// An <see cref="IEnrollmentStore"/> keeping one JSON file per node (<c>&lt;nodeId&gt;.enrollment.json</c>) in a
/// directory. A record is written to a temporary file and moved into place without overwriting, so a binding
/// is recorded exactly once even with concurrent writers.
/// </summary>
public sealed class FileEnrollmentStore : IEnrollmentStore
{
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
    public async Task<EnrollmentRecord?> GetAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var path = PathFor(nodeId);
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var document = await JsonSerializer.DeserializeAsync<RecordDocument>(stream, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Enrollment record {path} is empty.");
            return new EnrollmentRecord(
                document.NodeId,
                Convert.FromBase64String(document.EkPublic),
                Convert.FromBase64String(document.AkPublic),
                Convert.FromHexString(document.AkName),
                document.EnrolledAt);
        }
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

    private string PathFor(string nodeId)
    {
        if (!NodeIds.IsValid(nodeId))
        {
            throw new ArgumentException($"Invalid node id \"{nodeId}\".", nameof(nodeId));
        }

        return Path.Combine(_directory, nodeId + ".enrollment.json");
    }

    private sealed record RecordDocument(string NodeId, string EkPublic, string AkPublic, string AkName, DateTimeOffset EnrolledAt);
}
