using Microsoft.ML.OnnxRuntime;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Runtime.Execution;

/// <summary>A partition loaded on an accelerator, ready to run. Disposing it releases the module's resources.</summary>
public interface IAcceleratorSession : IDisposable
{
    /// <summary>The partition it runs.</summary>
    ModelPartition Partition { get; }

    /// <summary>Runs the partition on <paramref name="inputs"/> (named by the partition's inputs; still owned by the caller).</summary>
    /// <exception cref="VedliotException">An input is missing, or the backend fails to run the partition.</exception>
    AcceleratorRun Run(IReadOnlyDictionary<string, OrtValue> inputs);
}
