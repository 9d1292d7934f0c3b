using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Measures how much of a model's input the tensors crossing each candidate cut reveal (run through a real
/// backend; the runtime knows the contract, the hosting library supplies it).
/// </summary>
public interface IExposureMeter
{
    /// <summary>The exposure of <paramref name="graph"/>'s input at the identity cut and at each of <paramref name="candidateCuts"/>.</summary>
    /// <exception cref="VedliotException">The model's inputs do not allow the measurement, or the backend fails.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    Task<ExposureProfile> MeasureAsync(ModelGraph graph, IReadOnlyList<int> candidateCuts, IReadOnlyDictionary<string, long> dimensions, CancellationToken cancellationToken = default);
}
