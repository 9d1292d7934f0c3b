using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Fpga;

/// <summary>One bitstream of the catalogue: what it runs, on which FPGA part, and how to check its file.</summary>
/// <param name="Name">Unique name in the catalogue.</param>
/// <param name="Board">The board it was built for, e.g. <c>ZCU102</c>, if stated.</param>
/// <param name="TargetPart">The FPGA part, e.g. <c>xczu9eg-ffvb1156-2-e</c>.</param>
/// <param name="Architecture">The accelerator it implements, e.g. <c>DPUCZDX8G B4096</c>.</param>
/// <param name="Cores">Accelerator cores in the design.</param>
/// <param name="PeakOpsPerCycle">Peak operations per clock cycle of one core (a multiply-add counts as two).</param>
/// <param name="ClockMhz">Accelerator clock.</param>
/// <param name="PowerWatts">Power drawn while computing, when a published figure exists; null otherwise.</param>
/// <param name="Operators">ONNX operator types it runs.</param>
/// <param name="Precisions">Precisions it computes in.</param>
/// <param name="FileName">The bitstream file's name, beside the manifest.</param>
/// <param name="Sha256">The file's SHA-256 (lower-case hex) as pinned by whoever deployed it; null when not pinned.</param>
/// <param name="ManifestPath">Where the manifest was read from.</param>
public sealed record BitstreamManifest(
    string Name,
    string? Board,
    string TargetPart,
    string Architecture,
    int Cores,
    int PeakOpsPerCycle,
    double ClockMhz,
    double? PowerWatts,
    IReadOnlySet<string> Operators,
    IReadOnlySet<Precision> Precisions,
    string FileName,
    string? Sha256,
    string ManifestPath)
{
    /// <summary>Peak throughput of the whole design in operations per second.</summary>
    public double PeakOpsPerSecond => (double)Cores * PeakOpsPerCycle * ClockMhz * 1e6;

    /// <summary>Where the bitstream file is expected: beside the manifest.</summary>
    public string BitstreamPath => Path.Join(Path.GetDirectoryName(ManifestPath), FileName);
}
