using Vedliot.Runtime;

namespace Vedliot.Accelerators.Fpga;

/// <summary>A bitstream refused before programming: its digest is not pinned, its file is missing, or the file's digest differs.</summary>
public sealed class BitstreamIntegrityException : VedliotException
{
    private BitstreamIntegrityException(string file, string message, string? expectedSha256, string? actualSha256)
        : base(message)
    {
        File = file;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The bitstream file.</summary>
    public string File { get; }

    /// <summary>The digest its manifest pins, or null when none is pinned.</summary>
    public string? ExpectedSha256 { get; }

    /// <summary>The digest of the file as found, or null when it was not read.</summary>
    public string? ActualSha256 { get; }

    /// <summary>The manifest pins no digest.</summary>
    public static BitstreamIntegrityException Unpinned(BitstreamManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.BitstreamPath, $"refusing to load {manifest.BitstreamPath}: {manifest.ManifestPath} pins no sha256; whoever deploys the file must set it to the file's digest", null, null);
    }

    /// <summary>The file is not where the manifest says.</summary>
    public static BitstreamIntegrityException Missing(BitstreamManifest manifest, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(cause);
        return new(manifest.BitstreamPath, $"refusing to load {manifest.BitstreamPath}: the file cannot be read ({cause.Message})", manifest.Sha256, null);
    }

    /// <summary>The file's digest differs from the pinned one.</summary>
    public static BitstreamIntegrityException Mismatch(BitstreamManifest manifest, string actualSha256)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.BitstreamPath, $"refusing to load {manifest.BitstreamPath}: sha256 is {actualSha256}, but {manifest.ManifestPath} expects {manifest.Sha256}", manifest.Sha256, actualSha256);
    }
}
