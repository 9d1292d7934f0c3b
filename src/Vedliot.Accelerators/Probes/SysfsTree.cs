using System.Globalization;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Reads Linux attribute files (sysfs, procfs, device tree) below a root folder, so that a fixture tree
/// can stand in for the running system. Paths are given as on Linux (<c>/sys/...</c>).
/// </summary>
internal sealed class SysfsTree
{
    public SysfsTree(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Where <paramref name="linuxPath"/> lies on disk.</summary>
    public string PathOf(string linuxPath) => Path.Join(Root, linuxPath.TrimStart('/'));

    public bool Exists(string linuxPath)
    {
        var path = PathOf(linuxPath);
        return File.Exists(path) || Directory.Exists(path);
    }

    /// <summary>The file's text, or null when it does not exist.</summary>
    /// <exception cref="SysfsReadException">It exists but cannot be read.</exception>
    public string? TryReadText(string linuxPath)
    {
        var path = PathOf(linuxPath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysfsReadException(path, e);
        }
    }

    /// <summary>A one-value attribute without its trailing newline, or null when absent.</summary>
    public string? TryReadAttribute(string linuxPath) => TryReadText(linuxPath)?.Trim();

    /// <summary>A hexadecimal attribute such as <c>0x10de</c> or <c>1a6e</c>, or null when absent.</summary>
    /// <exception cref="SysfsReadException">It is unreadable or not hexadecimal.</exception>
    public int? TryReadHex(string linuxPath)
    {
        var text = TryReadAttribute(linuxPath);
        if (text is null)
        {
            return null;
        }

        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SysfsReadException(PathOf(linuxPath), $"holds '{text}', expected a hexadecimal number");
    }

    /// <summary>A decimal integer attribute (units as the interface documents), or null when absent.</summary>
    /// <exception cref="SysfsReadException">It is unreadable or not a decimal integer.</exception>
    public long? TryReadInteger(string linuxPath)
    {
        var text = TryReadAttribute(linuxPath);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SysfsReadException(PathOf(linuxPath), $"holds '{text}', expected a decimal integer");
    }

    /// <summary>The <c>KEY=VALUE</c> lines of a <c>uevent</c> file, empty when absent.</summary>
    public IReadOnlyDictionary<string, string> ReadUevent(string linuxPath)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (TryReadText(linuxPath) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..].Trim();
            }
        }

        return values;
    }

    /// <summary>A device-tree string list (NUL-separated), empty when absent.</summary>
    public IReadOnlyList<string> ReadStringList(string linuxPath) =>
        TryReadText(linuxPath)?.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Linux paths of the folders in <paramref name="linuxDirectory"/> matching <paramref name="pattern"/>, in ordinal order; empty when it does not exist.</summary>
    public IReadOnlyList<string> Subdirectories(string linuxDirectory, string pattern) =>
        Entries(linuxDirectory, path => Directory.EnumerateDirectories(path, pattern));

    /// <summary>Names of the files in <paramref name="linuxDirectory"/> matching <paramref name="pattern"/>, in ordinal order.</summary>
    public IReadOnlyList<string> FileNames(string linuxDirectory, string pattern) =>
        Entries(linuxDirectory, path => Directory.EnumerateFiles(path, pattern)).Select(Path.GetFileName).OfType<string>().ToList();

    /// <summary>The name of the folder a sysfs link such as <c>device/driver</c> points to, or null when it is not a link.</summary>
    /// <exception cref="SysfsReadException">The link cannot be read.</exception>
    public string? LinkTargetName(string linuxPath)
    {
        var path = PathOf(linuxPath);
        try
        {
            var target = new DirectoryInfo(path).LinkTarget;
            return target is null ? null : Path.GetFileName(target.TrimEnd('/'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysfsReadException(path, e);
        }
    }

    private List<string> Entries(string linuxDirectory, Func<string, IEnumerable<string>> enumerate)
    {
        var path = PathOf(linuxDirectory);
        if (!Directory.Exists(path))
        {
            return [];
        }

        try
        {
            var prefix = linuxDirectory.TrimEnd('/');
            return enumerate(path).Select(p => $"{prefix}/{Path.GetFileName(p)}").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysfsReadException(path, e);
        }
    }
}
