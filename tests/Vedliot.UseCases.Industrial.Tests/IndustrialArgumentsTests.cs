using System.Reflection;
using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.Industrial.Tests;

public sealed class IndustrialArgumentsTests
{
    [Fact]
    public void The_assembly_names_its_app_for_the_demo() =>
        Assert.Equal(typeof(IndustrialDemo), typeof(IndustrialDemo).Assembly.GetCustomAttribute<UseCaseAppAttribute>()?.AppType);

    [Fact]
    public void Recordings_take_a_path_and_a_speed_and_the_live_run_its_length()
    {
        var recordings = IndustrialArguments.Parse(["--vibration", ".", "--rpm", "1500", "--json"]);
        Assert.Equal((".", 1500.0, true), (recordings.Vibration, recordings.Rpm!.Value, recordings.Json));
        Assert.Equal(12, IndustrialArguments.Parse([]).Seconds);
        Assert.Equal(30, IndustrialArguments.Parse(["--seconds", "30"]).Seconds);
        var sensor = IndustrialArguments.Parse(["--mpu6500", "1", "--rpm", "1480", "--seconds", "5"]);
        Assert.Equal((1, 1480.0, 5), (sensor.Mpu6500Bus!.Value, sensor.Rpm!.Value, sensor.Seconds));
    }

    [Theory]
    [InlineData(new[] { "--vibration", "/no/such/file.csv", "--rpm", "1500" }, "--vibration '/no/such/file.csv': no such file or folder")]
    [InlineData(new[] { "--vibration", "." }, "--vibration needs --rpm N")]
    [InlineData(new[] { "--vibration", ".", "--rpm", "20000" }, "--rpm '20000': expected a shaft speed of 60–12000 rpm")]
    [InlineData(new[] { "--rpm", "1500" }, "--rpm and --json go with --vibration PATH or --mpu6500 BUS")]
    [InlineData(new[] { "--mpu6500", "1" }, "--mpu6500 needs --rpm N")]
    [InlineData(new[] { "--mpu6500", "x", "--rpm", "1500" }, "--mpu6500 'x': expected an I2C bus number, 0–255")]
    [InlineData(new[] { "--seconds", "2" }, "--seconds '2': expected a whole number of seconds, 4–600")]
    [InlineData(new[] { "--rpm" }, "--rpm: expected a value after it")]
    [InlineData(new[] { "--say", "hi" }, "unknown argument '--say'")]
    public void Bad_arguments_are_refused_naming_them(string[] arguments, string message) =>
        Assert.Contains(message, Assert.Throws<UseCaseArgumentException>(() => new IndustrialDemo().CheckArguments(arguments)).Message, StringComparison.Ordinal);
}
