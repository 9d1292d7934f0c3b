using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class DiscoverCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Descriptor(string name) => Path.Combine(RepositoryPaths.Root, "platforms", name);

    [Fact]
    public void Discover_shows_each_descriptor_module_as_present_or_emulated()
    {
        var (exitCode, output, error) = CliRunner.Run("discover", "--platform", Descriptor("recs-box.yaml"), "--root", RepositoryPaths.HardwareFixture("pc-hailo-coral"));

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"hailo-8\s+│ ASIC │.*│ present", output);
        Assert.Matches(@"jetson-agx\s+│ GPU\s+│.*│ emulated", output);
        Assert.Contains("latency and energy come from the module's device model", output, StringComparison.Ordinal);
        Assert.Contains("devices found by local probes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_json_lists_modules_links_and_devices()
    {
        var (exitCode, output, _) = CliRunner.Run("discover", "--platform", Descriptor("urecs-edge.yaml"), "--root", RepositoryPaths.HardwareFixture("jetson-xavier-nx"), "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var modules = json.RootElement.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("presence").GetString());
        Assert.Equal("present", modules["jetson-nx"]);
        Assert.Equal("emulated", modules["coral-usb"]);
        Assert.Equal(2, json.RootElement.GetProperty("links").GetArrayLength());
        Assert.NotEqual(0, json.RootElement.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public void A_bad_descriptor_is_one_error_naming_file_line_and_field()
    {
        var path = _temp.File("bad.yaml");
        File.WriteAllText(path, File.ReadAllText(Descriptor("urecs-edge.yaml")).Replace("kind: fpga", "kind: quantum", StringComparison.Ordinal));

        var (exitCode, output, error) = CliRunner.Run("discover", "--platform", path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Matches($@"^vedliot: error: {System.Text.RegularExpressions.Regex.Escape(path)}:\d+: modules\[1\]\.kind: 'quantum' is not one of", error);
    }
}
