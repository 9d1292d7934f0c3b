using Vedliot.Accelerators.Probes;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class CpuInfoParserTests
{
    [Fact]
    public void Fields_after_the_last_processor_block_are_system_fields()
    {
        var info = CpuInfoParser.Parse("processor\t: 0\nCPU part\t: 0xd08\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n", "cpuinfo");

        Assert.Equal("0xd08", Assert.Single(info.Processors)["CPU part"]);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", info.System["Model"]);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("model name : x\n", 0)]
    [InlineData("processor : zero\n", 1)]
    [InlineData("processor : 0\n: no key\n", 2)]
    public void Malformed_text_is_rejected_with_its_line(string text, int line)
    {
        var error = Assert.Throws<CpuInfoFormatException>(() => CpuInfoParser.Parse(text, "cpuinfo"));

        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Random_mutations_of_real_cpuinfo_never_crash_the_probe()
    {
        var original = File.ReadAllText(Path.Combine(RepositoryPaths.HardwareFixture("jetson-xavier-nx"), "proc", "cpuinfo"));
        var random = new Random(20261122);
        const string alphabet = ":\n\t 0x19abcdefprocessorCPU part";
        var parsed = 0;
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("proc"));
        var probe = new CpuProbe(new ProbeOptions { Root = root.Path });
        for (var i = 0; i < 500; i++)
        {
            var text = original.ToCharArray().ToList();
            for (var m = random.Next(1, 8); m > 0 && text.Count > 0; m--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.RemoveRange(at, Math.Min(random.Next(1, 40), text.Count - at)); break;
                    default: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            File.WriteAllText(root.File("proc/cpuinfo"), new string([.. text]));
            try
            {
                Assert.NotNull(probe.Probe());
                parsed++;
            }
            catch (CpuInfoFormatException)
            {
            }
        }

        Assert.InRange(parsed, 1, 499);
    }
}
