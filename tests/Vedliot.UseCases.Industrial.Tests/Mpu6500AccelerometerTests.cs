using Vedliot.UseCases.Industrial.Sensors;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Tests;

public sealed class Mpu6500AccelerometerTests
{
    [Fact]
    public async Task The_simulators_signal_comes_back_through_the_binding_and_the_FIFO_at_4_kHz_and_4_g_resolution()
    {
        var motor = new SimulatedMotor(new MotorScenario(1500, MotorCondition.Misalignment, 1, 0.02, Seed: 9), Mpu6500Accelerometer.SampleRateHz);
        var signal = motor.Next(Mpu6500Accelerometer.SampleRateHz);
        var queue = new Queue<(float, float, float)>(Enumerable.Range(0, signal.X.Length).Select(i => (signal.X[i], signal.Y![i], signal.Z![i])));
        using var sensor = new Mpu6500Accelerometer(new SimulatedMpu6500(queue));

        var trace = await sensor.ReadAsync(signal.X.Length, TimeProvider.System);

        Assert.Equal(Mpu6500Accelerometer.SampleRateHz, trace.SampleRateHz);
        var resolution = 4.0 / 32768;
        for (var i = 0; i < signal.X.Length; i++)
        {
            Assert.InRange(trace.X[i] - signal.X[i], -resolution, resolution);
            Assert.InRange(trace.Z![i] - signal.Z![i], -resolution, resolution);
        }

        // The radial axis shows misalignment's 2× line.
        Assert.InRange(VibrationSummary.Of(trace.X, trace.SampleRateHz).DominantHz[0], 48, 52);
    }

    [Fact]
    public async Task A_sensor_that_stops_delivering_times_out_with_a_clear_message()
    {
        using var sensor = new Mpu6500Accelerometer(new SimulatedMpu6500(new Queue<(float, float, float)>([(0f, 0f, 1f)])));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => sensor.ReadAsync(10, TimeProvider.System));
        Assert.Contains("MPU-6500: no sample for 1 s after 1 of 10", error.Message, StringComparison.Ordinal);
    }
}
