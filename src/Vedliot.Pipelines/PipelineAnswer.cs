using Vedliot.Messaging.Tensors;

namespace Vedliot.Pipelines;

/// <summary>A pipeline's answer to one request, copied out of the received message.</summary>
/// <param name="Sequence">The request's number within its client, from 1.</param>
/// <param name="Tensors">The pipeline's outputs; a lone tensor frame is named after the pipeline's one output.</param>
/// <param name="Attempts">How many times the request was sent before this answer came.</param>
/// <param name="Latency">From the request's first sending to the answer's arrival.</param>
public sealed record PipelineAnswer(ulong Sequence, IReadOnlyList<NamedTensor> Tensors, int Attempts, TimeSpan Latency)
{
    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <param name="name">An output's name.</param>
    /// <returns>Its frame.</returns>
    /// <exception cref="KeyNotFoundException">The answer has no such tensor (the message lists those it has).</exception>
    public TensorFrame Tensor(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name)?.Frame
        ?? throw new KeyNotFoundException($"the answer to request {Sequence} has no tensor '{name}'; it has [{string.Join(", ", Tensors.Select(t => t.Name))}]");

    /// <summary>The answer's only tensor.</summary>
    /// <exception cref="InvalidOperationException">The answer has several tensors.</exception>
    public TensorFrame OnlyTensor => Tensors.Count == 1
        ? Tensors[0].Frame
        : throw new InvalidOperationException($"the answer to request {Sequence} has {Tensors.Count} tensors [{string.Join(", ", Tensors.Select(t => t.Name))}], not one");
}
