using Vedliot.Runtime;

namespace Vedliot.Accelerators.Fpga;

/// <summary>A bitstream catalogue or manifest that cannot be used: a missing folder, an unreadable file, bad YAML, a missing or wrong field, or a name used twice.</summary>
public sealed class BitstreamManifestException : VedliotException
{
    /// <summary>Creates the error for <paramref name="field"/> at <paramref name="line"/> of <paramref name="file"/> (line 0: the file as a whole).</summary>
    public BitstreamManifestException(string file, long line, string? field, string reason)
        : base($"{file}{(line > 0 ? $":{line}" : string.Empty)}: {(field is null ? string.Empty : $"field '{field}': ")}{reason}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The manifest at fault.</summary>
    public string File { get; }

    /// <summary>The 1-based line at fault, or 0 when the file as a whole is.</summary>
    public long Line { get; }

    /// <summary>The field at fault, or null when the file as a whole is.</summary>
    public string? Field { get; }
}
