using System.Globalization;

namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>Which readings are speed limits: two or three digits and nothing else, a multiple of 5 from 5 to 150 km/h.</summary>
public static class SpeedLimitSign
{
    /// <summary>Lowest limit taken (km/h).</summary>
    public const int MinKmh = 5;

    /// <summary>Highest limit taken (km/h).</summary>
    public const int MaxKmh = 150;

    /// <summary>The limit <paramref name="text"/> shows, if it is one.</summary>
    /// <param name="text">A text line read.</param>
    /// <param name="limitKmh">The limit in km/h.</param>
    /// <returns>Whether it is a speed limit.</returns>
    public static bool TryRead(string text, out int limitKmh)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        limitKmh = 0;
        return trimmed.Length is 1 or 2 or 3
            && trimmed.All(char.IsAsciiDigit)
            && trimmed[0] != '0'
            && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out limitKmh)
            && limitKmh is >= MinKmh and <= MaxKmh
            && limitKmh % 5 == 0;
    }
}
