namespace Vedliot.Runtime.Platform;

/// <summary>
/// The ONNX operators and precisions a module runs. A null operator set means every operator of the
/// backend (a CPU or GPU running ONNX Runtime); accelerators such as an Edge TPU or a DPU list the
/// documented subset they run.
/// </summary>
/// <param name="Operators">ONNX operator types the module runs, or null for all.</param>
/// <param name="Precisions">Precisions it computes in.</param>
public sealed record OperatorSupport(IReadOnlySet<string>? Operators, IReadOnlySet<Precision> Precisions)
{
    /// <summary>Every operator, in the given precisions.</summary>
    public static OperatorSupport All(params Precision[] precisions) => new(null, precisions.ToHashSet());

    /// <summary>True when the module runs every operator.</summary>
    public bool RunsEveryOperator => Operators is null;

    /// <summary>The operator types in <paramref name="opTypes"/> the module does not run, in first-seen order.</summary>
    public IReadOnlyList<string> Unsupported(IEnumerable<string> opTypes)
    {
        ArgumentNullException.ThrowIfNull(opTypes);
        return Operators is null ? [] : opTypes.Where(op => !Operators.Contains(op)).Distinct(StringComparer.Ordinal).ToList();
    }
}
