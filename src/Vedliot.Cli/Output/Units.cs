using System.Globalization;

namespace Vedliot.Cli.Output;

/// <summary>Formats sizes and times the way the tables show them.</summary>
internal static class Units
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.00} MiB"),
    };

    public static string Milliseconds(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0.000}");
}
