using System.Security.Cryptography;

namespace Vedliot.Accelerators.Fpga;

/// <summary>Reads a bitstream file and checks it against the digest its manifest pins.</summary>
public static class BitstreamVerifier
{
    /// <summary>
    /// Reads the file once and checks its SHA-256, returning the checked bytes so that exactly those are
    /// programmed (a file swapped after the check is never loaded).
    /// </summary>
    /// <exception cref="BitstreamIntegrityException">The digest is not pinned, the file cannot be read, or its digest differs.</exception>
    public static async Task<byte[]> ReadVerifiedAsync(BitstreamManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Sha256 is null)
        {
            throw BitstreamIntegrityException.Unpinned(manifest);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(manifest.BitstreamPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BitstreamIntegrityException.Missing(manifest, e);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == manifest.Sha256 ? bytes : throw BitstreamIntegrityException.Mismatch(manifest, actual);
    }
}
