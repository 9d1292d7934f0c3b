namespace Vedliot.Runtime.Yaml;

/// <summary>
/// Limits on the YAML files Vedliot reads (platform descriptors, deploy manifests), checked before the
/// file is parsed, so that a hostile or damaged file ends in a <see cref="YamlFileException"/> rather than
/// an exhausted stack or memory.
/// </summary>
public static class YamlLimits
{
    /// <summary>
    /// Deepest nesting of mappings and lists: 64. The shipped files nest 4 deep (a descriptor's
    /// <c>modules[i].peak_ops_per_second</c>); YamlDotNet builds nodes recursively, so the limit is checked on
    /// the parser's event stream, before any node is built, and the stack it needs stays small.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Largest file: 1 MiB. The largest shipped file is 8 KB (<c>platforms/recs-box.yaml</c>, 7 modules with
    /// their cited sources); a descriptor at <see cref="Platform.Descriptors.PlatformDescriptor.MaxModules"/>
    /// modules written the same way is about 80 KB, so 1 MiB leaves a wide margin and bounds the memory
    /// a file can take.
    /// </summary>
    public const int MaxFileBytes = 1 << 20;
}
