using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Tests;

public sealed class SimulatedMotorTests
{
    private const int Rate = 8192;

    [Fact]
    public void Defect_orders_of_the_6205_bearing_are_the_published_ones()
    {
        // Case Western Reserve University's bearing data centre lists, for its drive-end 6205-2RS JEM SKF:
        // BPFI 5.4152, BPFO 3.5848, FTF 0.39828, BSF 2.3572 (multiples of running speed).
        var bearing = BearingGeometry.Skf6205;
        Assert.Equal(5.4152, bearing.BpfiOrder, 3);
        Assert.Equal(3.5848, bearing.BpfoOrder, 3);
        Assert.Equal(0.39828, bearing.FtfOrder, 3);
        Assert.Equal(2.3572, bearing.BsfOrder, 3);
    }

    [Theory]
    [InlineData(MotorCondition.Imbalance, 1.0)]
    [InlineData(MotorCondition.Misalignment, 2.0)]
    public void A_shaft_fault_puts_the_strongest_line_at_its_order(MotorCondition condition, double order)
    {
        var trace = Simulate(condition, rpm: 1800);
        var shaftHz = 1800 / 60.0;
        Assert.InRange(VibrationSummary.Of(trace.X, Rate).DominantHz[0], (order * shaftHz) - 2, (order * shaftHz) + 2);
    }

    [Fact]
    public void Misalignment_shows_axially_as_strongly_as_radially_and_imbalance_does_not()
    {
        var misaligned = Simulate(MotorCondition.Misalignment, rpm: 1800);
        Assert.True(Rms(misaligned.Z!) > 0.5 * Rms(misaligned.X), $"axial {Rms(misaligned.Z!)} g, radial {Rms(misaligned.X)} g");
        var imbalanced = Simulate(MotorCondition.Imbalance, rpm: 1800);
        Assert.True(Rms(imbalanced.Z!) < 0.3 * Rms(imbalanced.X), $"axial {Rms(imbalanced.Z!)} g, radial {Rms(imbalanced.X)} g");
    }

    [Theory]
    [InlineData(MotorCondition.OuterRace)]
    [InlineData(MotorCondition.InnerRace)]
    public void A_bearing_fault_strikes_at_its_defect_frequency(MotorCondition condition)
    {
        var rpm = 1500.0;
        var trace = Simulate(condition, rpm);
        var order = condition == MotorCondition.OuterRace ? BearingGeometry.Skf6205.BpfoOrder : BearingGeometry.Skf6205.BpfiOrder;

        // The envelope (squared first difference) repeats at the strike rate; cage slip lowers it by up to 1.5 %.
        var envelope = new float[trace.X.Length - 1];
        for (var n = 0; n < envelope.Length; n++)
        {
            var d = trace.X[n + 1] - trace.X[n];
            envelope[n] = d * d;
        }

        var strikeHz = order * rpm / 60;
        var lines = VibrationSummary.Of(envelope, Rate).DominantHz;
        Assert.Contains(lines, f => f > (0.97 * strikeHz) - 1 && f < (1.01 * strikeHz) + 1);
    }

    [Fact]
    public void A_fault_switched_on_mid_run_changes_the_signal_from_then_on_and_the_same_seed_gives_the_same_run()
    {
        var scenario = new MotorScenario(1500, MotorCondition.Healthy, 1, 0.02, Seed: 5);
        var first = new SimulatedMotor(scenario, Rate);
        var second = new SimulatedMotor(scenario, Rate);
        Assert.Equal(first.Next(Rate).X, second.Next(Rate).X);
        second.Condition = MotorCondition.Imbalance;
        var healthy = first.Next(Rate);
        var faulty = second.Next(Rate);
        Assert.True(Rms(faulty.X) > 3 * Rms(healthy.X), $"{Rms(faulty.X)} g against {Rms(healthy.X)} g");
        Assert.InRange(second.LastMeanRpm, 1500 * 0.98, 1500 * 1.02);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_with_their_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedMotor(new MotorScenario(1500, MotorCondition.Healthy, 1, 0.02, 1) { ResonanceHz = 3000 }, 4096));
        Assert.Contains("ResonanceHz 3000", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedMotor(new MotorScenario(20, MotorCondition.Healthy, 1, 0.02, 1), 4096));
    }

    private static AccelerationTrace Simulate(MotorCondition condition, double rpm)
    {
        var motor = new SimulatedMotor(new MotorScenario(rpm, condition, 1.0, 0.01, Seed: 3) { SpeedVariation = 0 }, Rate);
        motor.Next(Rate / 4);
        return motor.Next(Rate);
    }

    private static double Rms(float[] values)
    {
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
