using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Vedliot.Runtime.Yaml;

/// <summary>
/// Passes a parser's events through, refusing the first collection that opens deeper than
/// <see cref="YamlLimits.MaxDepth"/>. YamlDotNet's node builder recurses once per level as it pulls
/// events, so refusing the event bounds the recursion.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, string file) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > YamlLimits.MaxDepth)
                {
                    throw new YamlFileException(file, inner.Current.Start.Line, "(nesting)", string.Create(CultureInfo.InvariantCulture, $"mappings and lists nest deeper than the limit of {YamlLimits.MaxDepth} levels"));
                }

                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
