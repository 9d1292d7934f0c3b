using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Execution;

/// <summary>
/// One module's way of running model partitions: load a partition, run it, report latency and energy
/// with their sources, release it. Real backends measure; emulated ones model, and say so.
/// </summary>
public interface IAccelerator
{
    /// <summary>The module it drives.</summary>
    Module Module { get; }

    /// <summary>Loads <paramref name="partition"/> onto the module.</summary>
    /// <returns>A session the caller owns and disposes.</returns>
    /// <exception cref="UnsupportedOperatorException">The module does not run one of the partition's operators.</exception>
    /// <exception cref="VedliotException">The backend cannot load the partition.</exception>
    IAcceleratorSession Load(ModelPartition partition);
}
