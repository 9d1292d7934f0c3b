using Vedliot.Runtime;

namespace Vedliot.Accelerators.Fpga;

/// <summary>No bitstream of the catalogue fits an FPGA part and a partition; the message says why each candidate does not.</summary>
public sealed class NoMatchingBitstreamException : VedliotException
{
    /// <summary>Creates the error for <paramref name="targetPart"/>.</summary>
    public NoMatchingBitstreamException(string targetPart, string reason)
        : base($"no bitstream fits FPGA part {targetPart}: {reason}")
    {
        TargetPart = targetPart;
    }

    /// <summary>The FPGA part asked for.</summary>
    public string TargetPart { get; }
}
