using System.Buffers.Binary;
using System.Device.I2c;
using Iot.Device.Imu;

namespace Vedliot.UseCases.Industrial.Sensors;

/// <summary>
/// The real sensor path: an InvenSense MPU-6500 on I2C, read through Iot.Device.Bindings' <see cref="Mpu6500"/>. Its
/// accelerometer runs at ±4 g with the digital low-pass filter bypassed (1.13 kHz bandwidth), which makes its output
/// rate <see cref="SampleRateHz"/> (MPU-6500 Register Map rev. 2.1, ACCEL_CONFIG 2, ACCEL_FCHOICE_B = 1). Samples are
/// taken through the FIFO, so that none is lost between polls; X is read as the radial axis, Z as the axial one.
/// </summary>
public sealed class Mpu6500Accelerometer : IDisposable
{
    /// <summary>Accelerometer output rate with the low-pass filter bypassed, Hz.</summary>
    public const int SampleRateHz = 4000;

    private const int BytesPerSample = 6;
    private const double FullScaleG = 4;

    /// <summary>Polls this often; at 4 kHz the FIFO (512 bytes, 85 samples) fills in 21 ms.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(4);

    /// <summary>No sample for this long means the sensor has stopped.</summary>
    private static readonly TimeSpan SilenceTimeout = TimeSpan.FromSeconds(1);

    private readonly Mpu6500 _imu;

    /// <summary>Configures the sensor on <paramref name="device"/> (owned from now on).</summary>
    /// <param name="device">The MPU-6500's I2C device (address 0x68 or 0x69).</param>
    /// <exception cref="IOException">The device does not answer as an MPU-6500.</exception>
    public Mpu6500Accelerometer(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _imu = new Mpu6500(device);
        _imu.AccelerometerRange = AccelerometerRange.Range04G;
        _imu.AccelerometerBandwidth = AccelerometerBandwidth.Bandwidth1130Hz;
        _imu.FifoModes = FifoModes.Accelerometer;
    }

    /// <summary>Reads the next <paramref name="samples"/> samples of the three axes, g.</summary>
    /// <param name="samples">1–10,000,000.</param>
    /// <param name="time">The clock polls wait on.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The trace at <see cref="SampleRateHz"/>.</returns>
    /// <exception cref="TimeoutException">The FIFO stayed empty for a second.</exception>
    public async Task<AccelerationTrace> ReadAsync(int samples, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, 10_000_000);
        ArgumentNullException.ThrowIfNull(time);
        var x = new float[samples];
        var y = new float[samples];
        var z = new float[samples];
        var read = 0;
        var lastData = time.GetTimestamp();
        var buffer = new byte[512];
        while (read < samples)
        {
            var available = (int)Math.Min(_imu.FifoCount / BytesPerSample, (uint)(samples - read));
            if (available == 0)
            {
                if (time.GetElapsedTime(lastData) > SilenceTimeout)
                {
                    throw new TimeoutException($"MPU-6500: no sample for {SilenceTimeout.TotalSeconds} s after {read} of {samples}");
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            available = Math.Min(available, buffer.Length / BytesPerSample);
            var chunk = buffer.AsSpan(0, available * BytesPerSample);
            _imu.ReadFifo(chunk);
            for (var i = 0; i < available; i++, read++)
            {
                x[read] = Scale(chunk[(i * BytesPerSample)..]);
                y[read] = Scale(chunk[((i * BytesPerSample) + 2)..]);
                z[read] = Scale(chunk[((i * BytesPerSample) + 4)..]);
            }

            lastData = time.GetTimestamp();
        }

        return new AccelerationTrace(SampleRateHz, x, y, z);
    }

    /// <inheritdoc />
    public void Dispose() => _imu.Dispose();

    private static float Scale(ReadOnlySpan<byte> bigEndian) => (float)(BinaryPrimitives.ReadInt16BigEndian(bigEndian) * FullScaleG / 32768);
}
