using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vedliot.Runtime.Yaml;

/// <summary>
/// Reads typed fields out of a YAML mapping, so that every error names the file, the line and the
/// field's path. Unknown keys are refused, so that a misspelt field is never silently ignored.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _file;
    private readonly YamlMappingNode _mapping;
    private readonly string _path;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlFields(string file, YamlNode node, string path)
    {
        _file = file;
        _path = path;
        _mapping = node as YamlMappingNode ?? throw Error(node, path, $"expected a mapping of fields, found {Describe(node)}");
    }

    public YamlNode Node => _mapping;

    /// <summary>The text of the YAML file at <paramref name="path"/>, read only up to <see cref="YamlLimits.MaxFileBytes"/>.</summary>
    /// <exception cref="YamlFileException">The file is missing, unreadable or larger than the limit.</exception>
    public static string ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new YamlFileException(path, 0, "(file)", "file not found");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (stream.CanSeek && stream.Length > YamlLimits.MaxFileBytes)
            {
                throw TooLarge(path, stream.Length.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
            }

            // Devices and pipes report no length: read one byte past the limit to learn whether it is crossed.
            var buffer = new byte[YamlLimits.MaxFileBytes + 1];
            var read = 0;
            while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var n and > 0)
            {
                read += n;
            }

            if (read > YamlLimits.MaxFileBytes)
            {
                throw TooLarge(path, null);
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, read), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YamlFileException(path, 0, "(file)", $"cannot be read: {e.Message}");
        }
    }

    /// <summary>The fields of the single YAML document in <paramref name="yaml"/>, within <see cref="YamlLimits"/>.</summary>
    /// <exception cref="YamlFileException">The text is not YAML, holds other than one document, or breaks a limit.</exception>
    public static YamlFields Document(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > YamlLimits.MaxFileBytes)
        {
            throw TooLarge(file, yaml.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters");
        }

        RefuseNonPrintable(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(yaml)), file));
        }
        catch (YamlException e)
        {
            throw new YamlFileException(file, e.Start.Line, "(syntax)", $"not valid YAML: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner reports some malformed scalars this way rather than as a YamlException.
            throw new YamlFileException(file, 0, "(syntax)", $"not valid YAML: {e.Message}");
        }
        catch (ArgumentException e) when (e.ParamName == "parser")
        {
            // YamlDotNet's node builder reports an event stream it cannot build (e.g. one that ends inside a mapping) this way.
            throw new YamlFileException(file, 0, "(syntax)", $"not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new YamlFileException(file, 1, "(file)", $"expected one YAML document, found {stream.Documents.Count}");
        }

        return new YamlFields(file, stream.Documents[0].RootNode, string.Empty);
    }

    /// <summary>
    /// Refuses the characters YAML 1.2 does not allow in a stream (5.1, c-printable): C0 controls other than tab,
    /// line feed and carriage return, DEL, and U+FFFE/U+FFFF. YamlDotNet's scanner takes a NUL for the end of the
    /// stream, so without this a NUL inside a mapping failed with an ArgumentException instead of naming the line.
    /// </summary>
    private static void RefuseNonPrintable(string yaml, string file)
    {
        var line = 1;
        foreach (var c in yaml)
        {
            if (c == '\n')
            {
                line++;
            }
            else if ((c < ' ' && c is not '\t' and not '\r') || c is '\u007F' or '\uFFFE' or '\uFFFF')
            {
                throw new YamlFileException(file, line, "(syntax)", string.Create(CultureInfo.InvariantCulture, $"not valid YAML: the control character U+{(int)c:X4} is not allowed in a YAML file (YAML 1.2, 5.1)"));
            }
        }
    }

    public YamlFileException Error(YamlNode node, string field, string reason) => new(_file, node.Start.Line, field, reason);

    public string Field(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public YamlNode? Optional(string key)
    {
        _read.Add(key);
        return _mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public YamlNode Required(string key) => Optional(key) ?? throw Error(_mapping, Field(key), "required field is missing");

    public string String(string key) => Scalar(Required(key), Field(key));

    public string? OptionalString(string key) => Optional(key) is { } node ? Scalar(node, Field(key)) : null;

    public double Number(string key, double minimum, bool exclusive = true) => Number(Required(key), Field(key), minimum, exclusive);

    public double OptionalNumber(string key, double fallback, double minimum, bool exclusive = true) =>
        Optional(key) is { } node ? Number(node, Field(key), minimum, exclusive) : fallback;

    public double Number(YamlNode node, string field, double minimum, bool exclusive)
    {
        var text = Scalar(node, field);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
        {
            throw Error(node, field, $"expected a number, found '{text}'");
        }

        if (exclusive ? value <= minimum : value < minimum)
        {
            throw Error(node, field, $"must be {(exclusive ? "greater than" : "at least")} {minimum.ToString(CultureInfo.InvariantCulture)}, found {text}");
        }

        return value;
    }

    /// <summary>The number in field <paramref name="key"/>, which must lie in <paramref name="range"/>.</summary>
    public double Number(string key, NumberRange range) => Number(Required(key), Field(key), range);

    /// <summary>The number in <paramref name="node"/>, which must be finite and lie in <paramref name="range"/>.</summary>
    public double Number(YamlNode node, string field, NumberRange range)
    {
        var text = Scalar(node, field);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(node, field, $"expected a number, found '{text}'");
        }

        return range.Contains(value) ? value : throw Error(node, field, $"{text} is outside the allowed range, {range}");
    }

    public TEnum Enum<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var node = Required(key);
        var text = Scalar(node, Field(key));
        return System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw Error(node, Field(key), $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");
    }

    public YamlSequenceNode Sequence(string key) => Required(key) as YamlSequenceNode ?? throw Error(Required(key), Field(key), "expected a list");

    public YamlFields Mapping(string key) => new(_file, Required(key), Field(key));

    public YamlFields Item(YamlNode node, string field) => new(_file, node, field);

    public string Scalar(YamlNode node, string field) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, field, $"expected a single value, found {Describe(node)}");

    /// <summary>Refuses keys that were never read: a misspelt field must not pass unnoticed.</summary>
    public void RejectUnknown()
    {
        foreach (var key in _mapping.Children.Keys)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : key.ToString();
            if (!_read.Contains(name))
            {
                throw Error(key, Field(name), "unknown field");
            }
        }
    }

    private static YamlFileException TooLarge(string file, string? size) =>
        new(file, 0, "(file)", string.Create(CultureInfo.InvariantCulture, $"{(size is null ? "is larger than" : $"holds {size}, over")} the limit of {YamlLimits.MaxFileBytes:N0} bytes (1 MiB)"));

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "nothing",
    };
}
