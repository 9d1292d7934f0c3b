namespace Vedliot.Runtime.Yaml;

/// <summary>A YAML file (platform descriptor, deploy manifest) that cannot be used; the message names the file, line and field.</summary>
public sealed class YamlFileException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public YamlFileException(string file, long line, string field, string reason)
        : base($"{file}:{line}: {field}: {reason}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The 1-based line the problem is on.</summary>
    public long Line { get; }

    /// <summary>The field's path, e.g. <c>modules[2].memory.capacity_gib</c>.</summary>
    public string Field { get; }
}
