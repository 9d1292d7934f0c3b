using Vedliot.Runtime.Models;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Profiles a model's candidate blocks on modules (measured where the module is present, modelled where
/// it is emulated). The runtime knows the contract; the executables supply accelerators behind it.
/// </summary>
public interface IModelProfiler
{
    /// <summary>Profiles <paramref name="graph"/> on <paramref name="modules"/>, on inputs whose symbolic dimensions have the given sizes.</summary>
    /// <exception cref="VedliotException">The model cannot be profiled (inputs cannot be made, a backend fails).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; profiling is CPU-bound work, so it is observed between blocks and modules.</exception>
    Task<ProfileTable> ProfileAsync(ModelGraph graph, IReadOnlyDictionary<string, long> dimensions, IReadOnlyList<Module> modules, CancellationToken cancellationToken = default);
}
