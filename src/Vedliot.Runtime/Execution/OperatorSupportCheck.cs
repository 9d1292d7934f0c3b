using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Execution;

/// <summary>Checks that a module runs every operator of a partition, before anything is loaded.</summary>
public static class OperatorSupportCheck
{
    /// <summary>The operator types of <paramref name="partition"/> that <paramref name="module"/> does not run.</summary>
    public static IReadOnlyList<string> Unsupported(Module module, ModelPartition partition)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(partition);
        return module.Operators.Unsupported(partition.Model.Graph.Node.Where(n => n.OpType != "Constant").Select(n => n.OpType));
    }

    /// <summary>Refuses a partition holding an operator the module does not run, naming them.</summary>
    /// <exception cref="UnsupportedOperatorException">Some operator is not supported.</exception>
    public static void Require(Module module, ModelPartition partition)
    {
        var missing = Unsupported(module, partition);
        if (missing.Count > 0)
        {
            throw new UnsupportedOperatorException(
                module.Id,
                missing,
                $"({module.Product}) does not run operator{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} of partition {partition.Index + 1}");
        }
    }
}
