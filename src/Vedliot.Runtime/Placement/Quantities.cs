using System.Globalization;

namespace Vedliot.Runtime.Placement;

/// <summary>Formats the figures that placement messages quote.</summary>
internal static class Quantities
{
    /// <summary>Bytes in binary units, e.g. <c>3.1 GiB</c>.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => Format($"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => Format($"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => Format($"{bytes / 1024.0:0.#} KiB"),
        _ => Format($"{bytes} B"),
    };

    /// <summary>Milliseconds with up to three decimals.</summary>
    public static string Ms(double ms) => Format($"{ms:0.###} ms");

    /// <summary>Joules with up to four decimals.</summary>
    public static string Joules(double joules) => Format($"{joules:0.####} J");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
