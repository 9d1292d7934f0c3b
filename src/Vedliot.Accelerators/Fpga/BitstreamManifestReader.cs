using System.Globalization;
using Vedliot.Runtime.Platform;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vedliot.Accelerators.Fpga;

/// <summary>
/// Reads bitstream manifests: one YAML mapping with the fields <c>name</c>, <c>board</c> (optional),
/// <c>target_part</c>, <c>architecture</c>, <c>cores</c>, <c>peak_ops_per_cycle</c>, <c>clock_mhz</c>,
/// <c>power_watts</c> (optional: only where a figure is published), <c>operators</c>, <c>precisions</c>, <c>file</c> and <c>sha256</c> (optional: left
/// unset, the bitstream is not pinned and will not be loaded). Unknown fields are errors, to catch typos.
/// </summary>
public static class BitstreamManifestReader
{
    private static readonly string[] Fields =
        ["name", "board", "target_part", "architecture", "cores", "peak_ops_per_cycle", "clock_mhz", "power_watts", "operators", "precisions", "file", "sha256"];

    /// <summary>Reads the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="BitstreamManifestException">The file cannot be read or is not a valid manifest.</exception>
    public static BitstreamManifest Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BitstreamManifestException(path, 0, null, $"cannot be read ({e.Message})");
        }

        return Parse(text, path);
    }

    /// <summary>Parses manifest <paramref name="yaml"/> that was read from <paramref name="path"/> (named in errors).</summary>
    /// <exception cref="BitstreamManifestException">It is not a valid manifest.</exception>
    public static BitstreamManifest Parse(string yaml, string path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = LoadMapping(yaml, path);
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : null;
            if (name is null || !Fields.Contains(name, StringComparer.Ordinal))
            {
                throw new BitstreamManifestException(path, key.Start.Line, name, $"unknown field; expected one of {string.Join(", ", Fields)}");
            }

            fields[name] = value;
        }

        var context = new FieldReader(path, root, fields);
        var sha256 = context.OptionalString("sha256");
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            throw context.Error("sha256", "must be 64 hexadecimal digits, or left unset when the file is not pinned");
        }

        var file = context.String("file");
        if (file != Path.GetFileName(file) || file is "." or "..")
        {
            throw context.Error("file", "must be a file name beside the manifest, without folders");
        }

        return new BitstreamManifest(
            context.String("name"),
            context.OptionalString("board"),
            context.String("target_part"),
            context.String("architecture"),
            (int)context.Number("cores", integer: true),
            (int)context.Number("peak_ops_per_cycle", integer: true),
            context.Number("clock_mhz", integer: false),
            context.OptionalString("power_watts") is null ? null : context.Number("power_watts", integer: false),
            context.List("operators").ToHashSet(StringComparer.Ordinal),
            context.List("precisions").Select(p => ParsePrecision(context, p)).ToHashSet(),
            file,
            sha256?.ToLowerInvariant(),
            path);
    }

    private static YamlMappingNode LoadMapping(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new BitstreamManifestException(path, e.Start.Line, null, $"is not valid YAML: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner (16 and 18 alike) throws these, not YamlException, on some malformed input (found by fuzzing).
            throw new BitstreamManifestException(path, 1, null, $"is not valid YAML: {e.Message}");
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
            ? mapping
            : throw new BitstreamManifestException(path, 1, null, "must hold exactly one YAML mapping");
    }

    // Precision names as the Precision enum spells them (int8, fp16, ...); numbers are not accepted.
    private static Precision ParsePrecision(FieldReader context, string text)
    {
        foreach (var precision in Enum.GetValues<Precision>())
        {
            if (string.Equals(precision.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return precision;
            }
        }

        throw context.Error("precisions", $"'{text}' is not one of {string.Join(", ", Enum.GetNames<Precision>()).ToLowerInvariant()}");
    }

    /// <summary>Reads typed fields, naming file, line and field in every error.</summary>
    private sealed class FieldReader(string path, YamlMappingNode root, Dictionary<string, YamlNode> fields)
    {
        public BitstreamManifestException Error(string field, string reason) =>
            new(path, fields.TryGetValue(field, out var value) ? value.Start.Line : root.Start.Line, field, reason);

        public string? OptionalString(string field)
        {
            if (!fields.TryGetValue(field, out var value) || IsNull(value))
            {
                return null;
            }

            return value is YamlScalarNode { Value: { Length: > 0 } text } ? text.Trim() : throw Error(field, "must be a text value");
        }

        public string String(string field) => OptionalString(field) is { Length: > 0 } text ? text : throw Error(field, "is required");

        public double Number(string field, bool integer)
        {
            var text = String(field);
            var styles = integer ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
            return double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= int.MaxValue
                ? value
                : throw Error(field, $"'{text}' is not a positive {(integer ? "integer" : "number")}");
        }

        public List<string> List(string field)
        {
            if (!fields.TryGetValue(field, out var value) || value is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            {
                throw Error(field, "must be a non-empty list");
            }

            return sequence.Children
                .Select(item => item is YamlScalarNode { Value: { Length: > 0 } text } && !IsNull(item) ? text.Trim() : throw Error(field, "items must be text values"))
                .ToList();
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
    }
}
