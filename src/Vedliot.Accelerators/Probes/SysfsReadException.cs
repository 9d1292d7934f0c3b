using Vedliot.Runtime;

namespace Vedliot.Accelerators.Probes;

/// <summary>A sysfs, procfs or device-tree file that exists but cannot be read or does not hold what its interface documents.</summary>
public sealed class SysfsReadException : VedliotException
{
    /// <summary>Creates the error for the file at <paramref name="path"/>.</summary>
    public SysfsReadException(string path, string reason)
        : base($"{path}: {reason}")
    {
        Path = path;
    }

    /// <summary>Creates the error for the file at <paramref name="path"/> with the I/O error behind it.</summary>
    public SysfsReadException(string path, Exception innerException)
        : base($"{path}: cannot be read ({innerException?.Message})", innerException!)
    {
        Path = path;
    }

    /// <summary>The file at fault, as found on disk (under the probe root).</summary>
    public string Path { get; }
}
