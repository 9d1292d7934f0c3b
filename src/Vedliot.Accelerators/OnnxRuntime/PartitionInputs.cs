using Microsoft.ML.OnnxRuntime;
using Vedliot.Runtime;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>Picks a partition's inputs out of the values a caller holds, naming any that is missing.</summary>
internal static class PartitionInputs
{
    public static OrtValue[] Select(ModelPartition partition, string[] names, IReadOnlyDictionary<string, OrtValue> values, string moduleId)
    {
        var feeds = new OrtValue[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!values.TryGetValue(names[i], out feeds[i]!))
            {
                throw new VedliotException($"{moduleId}: partition {partition.Index + 1} needs input '{names[i]}', which was not given");
            }
        }

        return feeds;
    }
}
