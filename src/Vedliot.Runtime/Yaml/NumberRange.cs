using System.Globalization;

namespace Vedliot.Runtime.Yaml;

/// <summary>The values a numeric field allows and their unit, so that an error can name the range.</summary>
/// <param name="Minimum">The smallest value allowed (or the bound above which values are allowed, when <paramref name="MinimumExclusive"/>).</param>
/// <param name="Maximum">The largest value allowed.</param>
/// <param name="Unit">The field's unit, as its name spells it.</param>
/// <param name="MinimumExclusive">True when <paramref name="Minimum"/> itself is not allowed.</param>
internal readonly record struct NumberRange(double Minimum, double Maximum, string Unit, bool MinimumExclusive = false)
{
    public bool Contains(double value) => (MinimumExclusive ? value > Minimum : value >= Minimum) && value <= Maximum;

    public override string ToString() => $"{(MinimumExclusive ? "above " : string.Empty)}{Format(Minimum)} to {Format(Maximum)} {Unit}";

    /// <summary>A bound as a descriptor would write it: <c>1e6</c>, <c>0.001</c>, <c>65536</c>.</summary>
    private static string Format(double value) =>
        value != 0 && (Math.Abs(value) >= 1e6 || Math.Abs(value) < 1e-3)
            ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
            : value.ToString("0.##########", CultureInfo.InvariantCulture);
}
