using System.Globalization;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Parses <c>/proc/cpuinfo</c> as x86 and ARM kernels print it: blocks of <c>key : value</c> lines separated
/// by blank lines, each block starting with <c>processor : N</c> (arch/x86/kernel/cpu/proc.c,
/// arch/arm64/kernel/cpuinfo.c).
/// </summary>
public static class CpuInfoParser
{
    private const string ProcessorKey = "processor";

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="path"/> (named in errors).</summary>
    /// <exception cref="CpuInfoFormatException">A line is not <c>key : value</c>, a processor number is not an integer, or no processor is listed.</exception>
    public static CpuInfo Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var processors = new List<IReadOnlyDictionary<string, string>>();
        var system = new Dictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, string>? block = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                block = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? string.Empty : line[..colon].Trim();
            if (key.Length == 0)
            {
                throw new CpuInfoFormatException(path, i + 1, $"expected 'key : value', found '{line}'");
            }

            var value = line[(colon + 1)..].Trim();
            if (key == ProcessorKey)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new CpuInfoFormatException(path, i + 1, $"processor number '{value}' is not an integer");
                }

                block = new Dictionary<string, string>(StringComparer.Ordinal);
                processors.Add(block);
            }

            (block ?? system)[key] = value;
        }

        return processors.Count > 0
            ? new CpuInfo(processors, system)
            : throw new CpuInfoFormatException(path, 0, "lists no 'processor' entry");
    }
}
