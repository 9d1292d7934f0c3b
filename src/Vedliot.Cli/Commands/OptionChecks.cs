using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Vedliot.Cli.Commands;

/// <summary>
/// Range and path checks for options, run while parsing so that bad input fails before any work
/// starts, with a message naming the option, the value and what was expected.
/// </summary>
internal static class OptionChecks
{
    /// <summary>A whole-number option from <paramref name="min"/> to <paramref name="max"/>; text that is not a number gets the same message.</summary>
    public static Option<int> WholeNumber(this Option<int> option, int min, int max)
    {
        option.CustomParser = r => ParseWhole(r, option.Name, min, max) ?? min;
        return option;
    }

    /// <inheritdoc cref="WholeNumber(Option{int}, int, int)"/>
    public static Option<int?> WholeNumber(this Option<int?> option, int min, int max)
    {
        option.CustomParser = r => ParseWhole(r, option.Name, min, max);
        return option;
    }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/> (infinity: no upper bound); with <paramref name="minExclusive"/> it must exceed <paramref name="min"/>.</summary>
    public static Option<double> Number(this Option<double> option, double min, double max, bool minExclusive = false)
    {
        option.CustomParser = r => ParseNumber(r, option.Name, min, max, minExclusive) ?? min;
        return option;
    }

    /// <inheritdoc cref="Number(Option{double}, double, double, bool)"/>
    public static Option<double?> Number(this Option<double?> option, double min, double max, bool minExclusive = false)
    {
        option.CustomParser = r => ParseNumber(r, option.Name, min, max, minExclusive);
        return option;
    }

    /// <summary>Each value of <paramref name="option"/> must be an existing file.</summary>
    public static T ExistingFile<T>(this T option)
        where T : Option
    {
        option.Validators.Add(r => EachPath(r, option.Name, CheckExistingFile));
        return option;
    }

    /// <summary>The argument must be an existing file.</summary>
    public static Argument<FileInfo> ExistingFile(this Argument<FileInfo> argument)
    {
        argument.Validators.Add(r => EachPath(r, argument.Name, CheckExistingFile));
        return argument;
    }

    /// <summary>Each value of <paramref name="option"/> must be an existing folder.</summary>
    public static T ExistingFolder<T>(this T option)
        where T : Option
    {
        option.Validators.Add(r => EachPath(r, option.Name, CheckExistingFolder));
        return option;
    }

    /// <summary>The argument's values must be existing folders.</summary>
    public static Argument<List<DirectoryInfo>> ExistingFolders(this Argument<List<DirectoryInfo>> argument)
    {
        argument.Validators.Add(r => EachPath(r, argument.Name, CheckExistingFolder));
        return argument;
    }

    /// <summary>A file to be written: not a folder, in a folder that exists and can be written.</summary>
    public static Option<FileInfo> OutputFile(this Option<FileInfo> option)
    {
        option.Validators.Add(r => EachPath(r, option.Name, CheckOutputFile));
        return option;
    }

    /// <summary>A folder to be created or written into: not a file, and its nearest existing ancestor a writable folder.</summary>
    public static Option<DirectoryInfo> OutputFolder(this Option<DirectoryInfo> option)
    {
        option.Validators.Add(r => EachPath(r, option.Name, CheckOutputFolder));
        return option;
    }

    /// <summary>Each <c>TYPE=PATH</c> value must have a known type (as <paramref name="knownTypes"/> says) and name an existing file.</summary>
    public static Option<List<string>> ExistingTypedFiles(this Option<List<string>> option, IReadOnlyCollection<string> knownTypes)
    {
        option.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!OptionParsing.TrySplit(token.Value, out var type, out var path))
                {
                    r.AddError($"{option.Name} {token.Value}: expected TYPE=PATH, e.g. model=stage-1.onnx");
                }
                else if (!knownTypes.Contains(type))
                {
                    r.AddError($"{option.Name} {token.Value}: artefact type '{type}' is unknown; known: {string.Join(", ", knownTypes)}");
                }
                else if (CheckExistingFile(path) is { } problem)
                {
                    r.AddError($"{option.Name} {token.Value}: {problem}");
                }
            }
        });
        return option;
    }

    /// <summary>Why <paramref name="path"/> is not an existing file, or null when it is one.</summary>
    public static string? CheckExistingFile(string path) =>
        Directory.Exists(path) ? $"{Path.GetFullPath(path)} is a folder, not a file"
        : !File.Exists(path) ? $"{Path.GetFullPath(path)}: file not found"
        : null;

    private static string? CheckExistingFolder(string path) =>
        File.Exists(path) ? $"{Path.GetFullPath(path)} is a file, not a folder"
        : !Directory.Exists(path) ? $"{Path.GetFullPath(path)}: folder not found"
        : null;

    private static string? CheckOutputFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"{full} is a folder; give a file name";
        }

        var parent = Path.GetDirectoryName(full) ?? full;
        return File.Exists(parent) ? $"{parent} is a file, not a folder"
            : !Directory.Exists(parent) ? $"folder {parent} does not exist"
            : Unwritable(parent);
    }

    private static string? CheckOutputFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return $"{full} is a file, not a folder";
        }

        // Missing folders are created, so the nearest one that exists decides.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"{existing} is a file, not a folder";
            }

            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        return Unwritable(existing);
    }

    // Permissions, ACLs and read-only mounts all decide writability; only trying tells.
    private static string? Unwritable(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".vedliot-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"folder {folder} is not writable ({e.Message})";
        }
    }

    private static void EachPath(SymbolResult result, string name, Func<string, string?> check)
    {
        foreach (var token in result.Tokens)
        {
            if (check(token.Value) is { } problem)
            {
                result.AddError($"{name} {token.Value}: {problem}");
            }
        }
    }

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return (int)value;
        }

        result.AddError($"{name} {text}: expected a whole number from {min} to {max}");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name, double min, double max, bool minExclusive)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && (minExclusive ? value > min : value >= min) && value <= max)
        {
            return value;
        }

        var low = string.Create(CultureInfo.InvariantCulture, $"{min}");
        var high = string.Create(CultureInfo.InvariantCulture, $"{max}");
        var lower = minExclusive ? $"greater than {low}" : $"at least {low}";
        result.AddError(double.IsPositiveInfinity(max)
            ? $"{name} {text}: expected a finite number {lower}"
            : $"{name} {text}: expected a number {lower} and at most {high}");
        return null;
    }
}
