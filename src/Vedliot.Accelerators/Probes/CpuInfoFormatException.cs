using Vedliot.Runtime;

namespace Vedliot.Accelerators.Probes;

/// <summary>A <c>/proc/cpuinfo</c> text that does not have the documented <c>key : value</c> shape.</summary>
public sealed class CpuInfoFormatException : VedliotException
{
    /// <summary>Creates the error for line <paramref name="line"/> of <paramref name="path"/>.</summary>
    public CpuInfoFormatException(string path, int line, string reason)
        : base($"{path}:{line}: {reason}")
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }

    /// <summary>The 1-based line at fault (0 for the file as a whole).</summary>
    public int Line { get; }
}
