using Onnx;

namespace Vedliot.Runtime.Models;

/// <summary>
/// Finds the outer-scope tensors that a node's subgraphs (If branches, Loop and Scan bodies) read by
/// name. ONNX lets a subgraph use any value visible in an enclosing graph, so such a node depends on
/// those tensors as much as on its declared inputs.
/// </summary>
internal static class SubgraphScope
{
    public static IReadOnlyList<string> OuterScopeReads(NodeProto node)
    {
        var reads = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var graph in Subgraphs(node))
        {
            foreach (var name in FreeVariables(graph))
            {
                if (seen.Add(name))
                {
                    reads.Add(name);
                }
            }
        }

        return reads;
    }

    private static IEnumerable<GraphProto> Subgraphs(NodeProto node)
    {
        foreach (var attribute in node.Attribute)
        {
            if (attribute.G is not null)
            {
                yield return attribute.G;
            }

            foreach (var graph in attribute.Graphs)
            {
                yield return graph;
            }
        }
    }

    /// <summary>Names used in <paramref name="graph"/> (or deeper) and defined neither there nor deeper.</summary>
    private static List<string> FreeVariables(GraphProto graph)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        defined.UnionWith(graph.Input.Select(i => i.Name));
        defined.UnionWith(graph.Initializer.Select(i => i.Name));
        defined.UnionWith(graph.SparseInitializer.Select(i => i.Values.Name));
        defined.UnionWith(graph.Node.SelectMany(n => n.Output));

        var used = new List<string>();
        foreach (var node in graph.Node)
        {
            used.AddRange(node.Input);
            used.AddRange(OuterScopeReads(node));
        }

        used.AddRange(graph.Output.Select(o => o.Name));
        return used.Where(name => name.Length > 0 && !defined.Contains(name)).Distinct(StringComparer.Ordinal).ToList();
    }
}
