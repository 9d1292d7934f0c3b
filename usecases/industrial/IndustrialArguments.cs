using System.Globalization;
using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.Industrial;

/// <summary>The industrial app's arguments: <c>--vibration PATH --rpm N [--json]</c> for recordings, or <c>--seconds N</c> for the live simulated motors.</summary>
/// <param name="Vibration">A recording (WAV or CSV) or a folder of them; null for the live simulation.</param>
/// <param name="Rpm">The shaft speed of the recordings.</param>
/// <param name="Json">One JSON document instead of lines.</param>
/// <param name="Seconds">How long the live simulation or the sensor runs.</param>
/// <param name="Mpu6500Bus">The I2C bus of a real MPU-6500 to read instead of the simulated motors; null for the simulation.</param>
internal sealed record IndustrialArguments(string? Vibration, double? Rpm, bool Json, int Seconds, int? Mpu6500Bus = null)
{
    /// <summary>What the app takes, for its usage line.</summary>
    public const string Usage = "without arguments: simulated motors, faults switched on mid-run, classified live (--seconds N, 4–600, default 12); --mpu6500 BUS --rpm N [--seconds N]: classifies a real MPU-6500 on /dev/i2c-BUS (address 0x68) live; --vibration PATH --rpm N [--json]: classifies recordings (WAV mono or 3 ch in g, or CSV t,ax[,ay,az] in s and g; 4–100 kHz; a file or a folder of them), rpm 60–12000";

    private const int DefaultSeconds = 12;

    /// <summary>Parses and range-checks <paramref name="arguments"/>.</summary>
    /// <exception cref="UseCaseArgumentException">An argument is unknown, lacks its value or is out of range.</exception>
    public static IndustrialArguments Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string? vibration = null;
        double? rpm = null;
        var json = false;
        int? seconds = null;
        int? bus = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            string Value() => i + 1 < arguments.Count ? arguments[++i] : throw new UseCaseArgumentException($"{arguments[i]}: expected a value after it");
            switch (arguments[i])
            {
                case "--vibration":
                    vibration = Value();
                    if (!File.Exists(vibration) && !Directory.Exists(vibration))
                    {
                        throw new UseCaseArgumentException($"--vibration '{vibration}': no such file or folder");
                    }

                    break;
                case "--rpm":
                    var text = Value();
                    rpm = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 60 and <= 12_000
                        ? r
                        : throw new UseCaseArgumentException($"--rpm '{text}': expected a shaft speed of 60–12000 rpm");
                    break;
                case "--mpu6500":
                    var b = Value();
                    bus = int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var busId) && busId is >= 0 and <= 255
                        ? busId
                        : throw new UseCaseArgumentException($"--mpu6500 '{b}': expected an I2C bus number, 0–255");
                    break;
                case "--json":
                    json = true;
                    break;
                case "--seconds":
                    var s = Value();
                    seconds = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 4 and <= 600
                        ? n
                        : throw new UseCaseArgumentException($"--seconds '{s}': expected a whole number of seconds, 4–600");
                    break;
                default:
                    throw new UseCaseArgumentException($"unknown argument '{arguments[i]}'");
            }
        }

        if (bus is not null && (vibration is not null || json || rpm is null))
        {
            throw new UseCaseArgumentException(rpm is null ? "--mpu6500 needs --rpm N, the shaft speed" : "--mpu6500 goes without --vibration and --json");
        }

        if (bus is null && vibration is null && (rpm is not null || json))
        {
            throw new UseCaseArgumentException("--rpm and --json go with --vibration PATH or --mpu6500 BUS");
        }

        if (vibration is not null && (rpm is null || seconds is not null))
        {
            throw new UseCaseArgumentException(rpm is null ? "--vibration needs --rpm N, the shaft speed of the recordings" : "--seconds goes with the live simulation, not --vibration");
        }

        return new IndustrialArguments(vibration, rpm, json, seconds ?? DefaultSeconds, bus);
    }
}
