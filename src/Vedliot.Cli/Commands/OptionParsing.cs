using System.CommandLine.Parsing;
using System.Globalization;

namespace Vedliot.Cli.Commands;

/// <summary>Parses the <c>name=value</c> and list forms that several options share.</summary>
internal static class OptionParsing
{
    /// <summary>Splits <c>name=value</c>; reports an error naming the option when the form is wrong.</summary>
    public static bool TrySplit(string token, out string name, out string value)
    {
        var at = token.IndexOf('=', StringComparison.Ordinal);
        name = at > 0 ? token[..at] : string.Empty;
        value = at > 0 ? token[(at + 1)..] : string.Empty;
        return at > 0;
    }

    public static Dictionary<string, long> Dimensions(ArgumentResult result)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            if (!TrySplit(token.Value, out var name, out var text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > CommonOptions.MaxDimension)
            {
                result.AddError($"--dim {token.Value}: expected NAME=SIZE with SIZE a whole number from 1 to {CommonOptions.MaxDimension}, e.g. --dim batch=1");
                continue;
            }

            dims[name] = size;
        }

        return dims;
    }

    public static Dictionary<string, string> KeyValues(ArgumentResult result, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            if (!TrySplit(token.Value, out var key, out var value))
            {
                result.AddError($"{option} '{token.Value}': expected KEY=VALUE");
                continue;
            }

            pairs[key] = value;
        }

        return pairs;
    }

    public static List<int> Positions(ArgumentResult result)
    {
        var positions = new List<int>();
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                result.AddError($"--cuts '{part}': a cut is the number of operations before it, a whole number");
                continue;
            }

            positions.Add(position);
        }

        return positions;
    }

    public static List<(string? Name, string Path)> InputFiles(ArgumentResult result)
    {
        // NAME=PATH feeds input NAME; a bare PATH feeds the next input in the model's order.
        var inputs = result.Tokens
            .Select(t => TrySplit(t.Value, out var name, out var path) && !File.Exists(t.Value) ? ((string?)name, path) : (null, t.Value))
            .ToList();
        foreach (var (name, path) in inputs)
        {
            if (OptionChecks.CheckExistingFile(path) is { } problem)
            {
                result.AddError($"--input {(name is null ? path : $"{name}={path}")}: {problem}");
            }
        }

        return inputs;
    }
}
