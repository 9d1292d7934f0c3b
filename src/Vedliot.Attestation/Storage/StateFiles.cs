using System.Globalization;
using System.Text.Json;

namespace Vedliot.Attestation.Storage;

/// <summary>Reads the small files the attestation layer keeps, within a size limit, and describes JSON errors by position.</summary>
internal static class StateFiles
{
    /// <summary>The bytes of <paramref name="path"/>, or null when there is no such file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes the file may hold; larger ones are refused before they are read.</param>
    /// <param name="what">What the file is, for the error (e.g. "enrollment record").</param>
    /// <param name="recovery">What to do when it cannot be used.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="AttestationStateFileException">The file is a folder, is larger than <paramref name="maxBytes"/>, or cannot be read.</exception>
    public static async Task<byte[]?> ReadAsync(string path, int maxBytes, string what, string recovery, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            // Taking it for a missing file would silently start over (a new enrollment, a new key).
            throw new AttestationStateFileException(path, $"{what} is a folder, not a file", recovery, null);
        }

        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.CanSeek && stream.Length > maxBytes)
                {
                    throw TooLarge(path, what, maxBytes, recovery);
                }

                // One byte past the limit tells a file that grew, or a device without a length, from one within it.
                var buffer = new byte[maxBytes + 1];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                return read > maxBytes ? throw TooLarge(path, what, maxBytes, recovery) : buffer[..read];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttestationStateFileException(path, $"{what} cannot be read ({e.Message})", recovery, e);
        }
    }

    /// <summary>
    /// The bytes of <paramref name="path"/>, or null when it holds more than <paramref name="maxBytes"/>
    /// (checked before reading where the file has a length), for callers that read their inputs synchronously.
    /// </summary>
    /// <exception cref="IOException">The file is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[]? ReadWithin(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        return read > maxBytes ? null : buffer[..read];
    }

    /// <summary>Where a JSON error is (1-based line, and byte within the line) and what it is: <c>line 3, byte 14 ($.akName): '}' is invalid ...</c>.</summary>
    public static string Describe(JsonException e)
    {
        var reason = e.Message;
        var detail = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (detail >= 0)
        {
            reason = reason[..detail];
        }

        // The serializer names its own (internal) target type here; the reader of the error needs only the fact.
        reason = reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal) ? "the value has the wrong JSON type" : reason.TrimEnd('.');

        var path = e.Path is null or "" or "$" ? string.Empty : $" ({e.Path})";
        return e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}{path}: {reason}")
            : $"{path.Trim()} {reason}".Trim();
    }

    private static AttestationStateFileException TooLarge(string path, string what, int maxBytes, string recovery) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"{what} is larger than the limit of {maxBytes:N0} bytes, so it is not one this program wrote"), recovery, null);
}
