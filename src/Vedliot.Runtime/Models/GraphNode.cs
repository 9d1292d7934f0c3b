using Onnx;

namespace Vedliot.Runtime.Models;

/// <summary>One node of a <see cref="ModelGraph"/>.</summary>
/// <param name="Index">Position of the node in the graph's topological order (Constant nodes included).</param>
/// <param name="Name">The node's name, or a generated one (<c>#index:OpType</c>) when the model gives none.</param>
/// <param name="OpType">The operator, e.g. <c>Conv</c>.</param>
/// <param name="Domain">The operator set domain; empty for the default ONNX domain.</param>
/// <param name="Inputs">Tensor names read by the node (optional inputs left out).</param>
/// <param name="ImplicitInputs">Outer-scope tensors read by the node's subgraphs (If, Loop, Scan bodies).</param>
/// <param name="Outputs">Tensor names written by the node (optional outputs left out).</param>
/// <param name="Proto">The node as stored in the model.</param>
public sealed record GraphNode(
    int Index,
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> ImplicitInputs,
    IReadOnlyList<string> Outputs,
    NodeProto Proto)
{
    /// <summary>
    /// True for a Constant node: it holds a weight rather than computing an activation, so it is not an
    /// operation a cut can fall after; partitions copy the Constants they read.
    /// </summary>
    public bool IsConstant => Inputs.Count == 0 && ImplicitInputs.Count == 0 && OpType == "Constant" && Domain is "" or "ai.onnx";

    /// <summary>Every tensor the node depends on: its inputs and its subgraphs' outer-scope reads.</summary>
    public IEnumerable<string> AllInputs => Inputs.Concat(ImplicitInputs);
}
