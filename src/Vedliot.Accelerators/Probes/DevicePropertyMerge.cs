namespace Vedliot.Accelerators.Probes;

/// <summary>Joins the facts two readings of one device found.</summary>
internal static class DevicePropertyMerge
{
    /// <summary>All entries of both; where both have a name, <paramref name="preferred"/>'s value.</summary>
    public static Dictionary<string, string> Union(IReadOnlyDictionary<string, string> preferred, IReadOnlyDictionary<string, string> other)
    {
        var union = new Dictionary<string, string>(other, StringComparer.Ordinal);
        foreach (var (name, value) in preferred)
        {
            union[name] = value;
        }

        return union;
    }
}
