using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Fpga;

/// <summary>
/// Loads the right bitstream for a module and a partition: picks it from the catalogue, checks the file
/// against its pinned digest, and programs exactly the checked bytes through the Linux fpga_manager.
/// </summary>
public sealed class BitstreamManager
{
    private readonly BitstreamCatalog _catalog;
    private readonly LinuxFpgaManager _fpga;

    /// <summary>Creates the manager over <paramref name="catalog"/>, programming the FPGA that <paramref name="options"/> names.</summary>
    public BitstreamManager(BitstreamCatalog catalog, FpgaManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _fpga = new LinuxFpgaManager(options);
    }

    /// <summary>Picks, checks and programs the bitstream for <paramref name="targetPart"/> that runs <paramref name="operators"/> in <paramref name="precision"/>.</summary>
    /// <returns>The manifest of the bitstream now running.</returns>
    /// <exception cref="NoMatchingBitstreamException">No bitstream fits.</exception>
    /// <exception cref="BitstreamIntegrityException">The chosen file is unpinned, missing, or differs from its digest.</exception>
    /// <exception cref="FpgaProgrammingException">Programming failed.</exception>
    public async Task<BitstreamManifest> LoadAsync(string targetPart, IEnumerable<string> operators, Precision precision, CancellationToken cancellationToken = default)
    {
        var manifest = _catalog.Select(targetPart, operators, precision);
        var bitstream = await BitstreamVerifier.ReadVerifiedAsync(manifest, cancellationToken).ConfigureAwait(false);
        await _fpga.ProgramAsync(manifest.FileName, bitstream, cancellationToken).ConfigureAwait(false);
        return manifest;
    }
}
