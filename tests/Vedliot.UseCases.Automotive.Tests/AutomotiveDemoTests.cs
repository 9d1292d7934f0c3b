using System.Reflection;
using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>The use case's app as <c>vedliot demo automotive</c> finds it and checks its arguments.</summary>
public sealed class AutomotiveDemoTests
{
    [Fact]
    public void The_assembly_names_its_app_for_the_demo()
    {
        var attribute = typeof(AutomotiveDemo).Assembly.GetCustomAttribute<UseCaseAppAttribute>();

        Assert.Equal(typeof(AutomotiveDemo), attribute?.AppType);
    }

    [Fact]
    public void The_app_takes_frames_json_and_speed()
    {
        Assert.Equal(new AutomotiveDemoArguments(null, false, 70), AutomotiveDemoArguments.Parse([]));
        Assert.Equal(new AutomotiveDemoArguments("a/b.png", true, 120.5), AutomotiveDemoArguments.Parse(["--frames", "a/b.png", "--json", "--speed=120.5"]));
        Assert.Equal(new AutomotiveDemoArguments(null, false, 70, "/dev/video0"), AutomotiveDemoArguments.Parse(["--camera", "/dev/video0"]));
    }

    [Theory]
    [InlineData(new[] { "--fast" }, "unknown argument '--fast'; the automotive app takes ")]
    [InlineData(new[] { "--frames" }, "--frames: expected a value")]
    [InlineData(new[] { "--speed", "-1" }, "--speed '-1': expected km/h from 0 to 400")]
    [InlineData(new[] { "--speed", "fast" }, "--speed 'fast': expected km/h from 0 to 400")]
    [InlineData(new[] { "--json=yes" }, "unknown argument '--json=yes'")]
    [InlineData(new[] { "--frames", "a", "--camera", "/dev/video0" }, "--frames and --camera: give one source of frames")]
    public void The_app_refuses_other_arguments_naming_them(string[] arguments, string message) =>
        Assert.StartsWith(message, Assert.Throws<UseCaseArgumentException>(() => new AutomotiveDemo().CheckArguments(arguments)).Message, StringComparison.Ordinal);
}
