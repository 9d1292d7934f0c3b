using System.Device.I2c;
using System.Globalization;
using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.Industrial.Recordings;
using Vedliot.UseCases.Industrial.Simulation;
using Vedliot.UseCases.Industrial.Sparkplug;

namespace Vedliot.UseCases.Industrial.Sensors;

/// <summary>Classifies a real MPU-6500's radial axis live: one-second windows read at 4 kHz, resampled to the model's rate.</summary>
internal static class SensorMonitor
{
    /// <summary>The MPU-6500's I2C address with AD0 low.</summary>
    public const int Address = 0x68;

    /// <summary>The sensor's Sparkplug device id.</summary>
    public const string Device = "mpu6500";

    /// <summary>Reads and classifies for <paramref name="seconds"/> seconds, reporting every window through <paramref name="edgeNode"/>.</summary>
    /// <exception cref="UseCaseAppException">The bus or the sensor cannot be opened, or it stops delivering.</exception>
    public static async Task RunAsync(MotorConditionClient client, SparkplugEdgeNode edgeNode, int bus, double rpm, int seconds, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        Mpu6500Accelerometer sensor;
        try
        {
            sensor = new Mpu6500Accelerometer(I2cDevice.Create(new I2cConnectionSettings(bus, Address)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            throw new UseCaseAppException($"--mpu6500 {bus}: cannot open the MPU-6500 at 0x{Address:x2} on /dev/i2c-{bus}: {e.Message}", e);
        }

        using (sensor)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"industrial app: MPU-6500 on /dev/i2c-{bus} at {Mpu6500Accelerometer.SampleRateHz} Hz, ±4 g, shaft at {rpm:0} rpm"));
            for (var second = 1; second <= seconds; second++)
            {
                AccelerationTrace trace;
                try
                {
                    trace = await sensor.ReadAsync(Mpu6500Accelerometer.SampleRateHz, time, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or IOException)
                {
                    throw new UseCaseAppException($"--mpu6500 {bus}: {e.Message}", e);
                }

                var window = RecordingWindows.Cut(trace, $"/dev/i2c-{bus}")[0];
                var result = await client.ClassifyAsync(window, (float)rpm, cancellationToken).ConfigureAwait(false);
                var summary = VibrationSummary.Of(trace.X, trace.SampleRateHz);
                await edgeNode.PublishAsync(Device, new MotorReport(result, summary, rpm), cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t={second,4} s  {result.Condition.Name()} {result.Score:0.00}  RMS {summary.RmsG:0.000} g  lines {string.Join(", ", summary.DominantHz.Select(f => $"{f:0} Hz"))}"));
            }
        }
    }
}
