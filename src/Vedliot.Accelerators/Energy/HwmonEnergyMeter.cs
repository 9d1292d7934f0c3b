using System.Text.RegularExpressions;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Energy;

namespace Vedliot.Accelerators.Energy;

/// <summary>
/// Reads one hwmon channel (Documentation/hwmon/sysfs-interface.rst): <c>energyN_input</c> is a cumulative
/// count in microjoules; <c>powerN_input</c> (microwatts) and <c>inN_input</c> × <c>currN_input</c> (millivolts ×
/// milliamperes, as INA3221 monitors report) are power samples, integrated over the time between readings by
/// the trapezoidal rule, so an energy figure is only as good as the reading rate. Power channels count from the
/// meter's first reading.
/// </summary>
public sealed partial class HwmonEnergyMeter : IEnergyMeter
{
    private readonly SysfsTree _tree;
    private readonly string _hwmon;
    private readonly string _channel;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (long Timestamp, double Watts)? _lastPower;
    private long? _lastEnergyMicrojoules;
    private double _joules;

    /// <summary>Creates a meter of <paramref name="channel"/> (<c>powerN</c>, <c>energyN</c> or <c>inN</c>) of the hwmon device at <paramref name="hwmonPath"/>.</summary>
    /// <exception cref="ArgumentException">The channel is none of those kinds.</exception>
    public HwmonEnergyMeter(string hwmonPath, string channel, ProbeOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hwmonPath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (channel is null || !CanMeter(channel))
        {
            throw new ArgumentException($"hwmon channel '{channel}' is not powerN, energyN or inN", nameof(channel));
        }

        options.Validate();
        _tree = new SysfsTree(options.Root);
        _hwmon = hwmonPath.TrimEnd('/');
        _channel = channel;
        _time = time;
    }

    /// <summary>Whether <paramref name="channel"/> names a channel this meter reads: <c>powerN</c>, <c>energyN</c> or <c>inN</c>.</summary>
    public static bool CanMeter(string channel) => Channel().IsMatch(channel);

    /// <inheritdoc />
    public string Source => $"hwmon:{_hwmon}/{_channel}";

    /// <inheritdoc />
    public EnergySourceKind Kind => EnergySourceKind.Measured;

    /// <inheritdoc />
    public bool TryRead(out EnergyReading reading, out string? failure)
    {
        reading = null!;
        lock (_gate)
        {
            var ok = _channel.StartsWith("energy", StringComparison.Ordinal) ? TryCountEnergy(out failure) : TryIntegratePower(out failure);
            if (ok)
            {
                reading = new EnergyReading(_joules, _time.GetTimestamp(), Source, Kind);
            }

            return ok;
        }
    }

    private bool TryCountEnergy(out string? failure)
    {
        if (!SysfsCounter.TryRead(_tree, $"{_hwmon}/{_channel}_input", out var microjoules, out failure))
        {
            return false;
        }

        if (microjoules < _lastEnergyMicrojoules)
        {
            // A sensor reset (driver reload); never report the drop as negative energy.
            failure = $"{_tree.PathOf($"{_hwmon}/{_channel}_input")} went back from {_lastEnergyMicrojoules} to {microjoules} µJ; counting restarts";
            _lastEnergyMicrojoules = microjoules;
            return false;
        }

        _joules += (microjoules - (_lastEnergyMicrojoules ?? 0)) * 1e-6;
        _lastEnergyMicrojoules = microjoules;
        return true;
    }

    private bool TryIntegratePower(out string? failure)
    {
        if (!TryReadWatts(out var watts, out failure))
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (_lastPower is { } last)
        {
            _joules += (last.Watts + watts) / 2 * _time.GetElapsedTime(last.Timestamp, now).TotalSeconds;
        }

        _lastPower = (now, watts);
        return true;
    }

    private bool TryReadWatts(out double watts, out string? failure)
    {
        watts = 0;
        if (_channel.StartsWith("power", StringComparison.Ordinal))
        {
            if (!SysfsCounter.TryRead(_tree, $"{_hwmon}/{_channel}_input", out var microwatts, out failure))
            {
                return false;
            }

            watts = microwatts * 1e-6;
            return true;
        }

        var number = _channel[2..];
        if (!SysfsCounter.TryRead(_tree, $"{_hwmon}/in{number}_input", out var millivolts, out failure)
            || !SysfsCounter.TryRead(_tree, $"{_hwmon}/curr{number}_input", out var milliamperes, out failure))
        {
            return false;
        }

        watts = millivolts * 1e-3 * milliamperes * 1e-3;
        return true;
    }

    [GeneratedRegex("^(power|energy|in)[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Channel();
}
