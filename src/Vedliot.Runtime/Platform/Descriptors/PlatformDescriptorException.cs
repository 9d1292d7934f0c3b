namespace Vedliot.Runtime.Platform.Descriptors;

/// <summary>A platform descriptor that cannot be used; the message names the file, line and field.</summary>
public sealed class PlatformDescriptorException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public PlatformDescriptorException(string file, long line, string field, string reason)
        : base($"{file}:{line}: {field}: {reason}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The descriptor file.</summary>
    public string File { get; }

    /// <summary>The 1-based line the problem is on.</summary>
    public long Line { get; }

    /// <summary>The field's path, e.g. <c>modules[2].memory.capacity_gib</c>.</summary>
    public string Field { get; }
}
